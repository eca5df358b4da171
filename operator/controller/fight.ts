/**
 * The fight guard. When another writer keeps changing a field Ferry owns (a second controller, an
 * HPA writing `spec.replicas`, a script), self-heal would revert it forever. So each revert of an
 * object is counted; more than `limit` reverts within `windowMs` and self-heal leaves that object
 * alone for `backoffMs` — the environment reports a `Degraded` condition naming the other field
 * manager, and an Event — instead of an endless loop. A new revision synced ends the fight (the
 * manifest may have changed); the guard is in memory, so a restarted replica starts counting anew.
 */
import { formatRef, refKey, type DriftNote, type ObjectRef } from '../model';

export interface FightOptions {
  /** Reverts of one object allowed within the window. @default 5 */
  readonly limit: number;
  /** @default 60000 */
  readonly windowMs: number;
  /** How long self-heal leaves a fought-over object alone. @default 300000 */
  readonly backoffMs: number;
}

/** An object another writer keeps changing back. */
export interface Fight {
  readonly ref: ObjectRef;
  /** The other field manager, when known. */
  readonly manager?: string;
  readonly reverts: number;
  readonly windowMs: number;
  /** Self-heal of this object resumes then (ISO time). */
  readonly until: string;
}

export function describeFight(f: Fight): string {
  const who = f.manager ? `field manager "${f.manager}"` : 'another writer';
  return (
    `${formatRef(f.ref)} was reverted ${f.reverts} times in ${Math.round(f.windowMs / 1000)}s and ${who} keeps ` +
    `changing it back; self-heal leaves it alone until ${f.until}. Stop the other writer, or stop declaring ` +
    'the fields it owns (e.g. drop spec.replicas when an HPA scales the Deployment).'
  );
}

export class FightGuard {
  private readonly reverts = new Map<string, Map<string, number[]>>();
  private readonly fights = new Map<string, Map<string, Fight & { untilMs: number }>>();

  constructor(
    private readonly opts: FightOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Record reverts done for `env`; returns a fight that starts now, if any. */
  reverted(env: string, notes: readonly DriftNote[]): Fight | undefined {
    const now = this.now();
    const byRef = this.reverts.get(env) ?? new Map<string, number[]>();
    this.reverts.set(env, byRef);
    let started: Fight | undefined;
    for (const n of notes) {
      const key = refKey(n.ref);
      const times = (byRef.get(key) ?? []).filter((t) => now - t < this.opts.windowMs);
      times.push(now);
      byRef.set(key, times);
      if (times.length <= this.opts.limit) continue;
      const untilMs = now + this.opts.backoffMs;
      const fight = {
        ref: n.ref,
        ...(n.manager ? { manager: n.manager } : {}),
        reverts: times.length,
        windowMs: this.opts.windowMs,
        until: new Date(untilMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        untilMs,
      };
      const active = this.fights.get(env) ?? new Map();
      active.set(key, fight);
      this.fights.set(env, active);
      byRef.delete(key);
      started ??= fight;
    }
    return started;
  }

  /** True while self-heal leaves `ref` of `env` alone. */
  paused(env: string, ref: ObjectRef): boolean {
    return this.active(env).some((f) => refKey(f.ref) === refKey(ref));
  }

  /** Fights of `env` still in their backoff. */
  active(env: string): Fight[] {
    const m = this.fights.get(env);
    if (!m) return [];
    const now = this.now();
    for (const [k, f] of m) if (f.untilMs <= now) m.delete(k);
    return [...m.values()].map(({ untilMs: _u, ...f }) => f);
  }

  /** A new revision was synced, or the environment is gone: start over. */
  reset(env: string): void {
    this.reverts.delete(env);
    this.fights.delete(env);
  }
}
