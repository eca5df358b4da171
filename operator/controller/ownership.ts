/**
 * Which replica works on which environment: one `coordination.k8s.io` Lease per environment
 * (`ferry-owner-<env>` in ferry-system). A replica reconciles an environment only while it holds
 * its lease, renews every lease it holds a few times per duration, and takes over a lease whose
 * holder stopped renewing — so killing a replica moves its environments to the others within the
 * lease duration. Losing a lease aborts that environment's work at once (its signal fires).
 *
 * Spreading: a replica does not take more than its fair share (environments ÷ live replicas, the
 * replicas being the holders seen on unexpired leases) while others are alive.
 */
import type { KubeObjects } from '../adapters/kube';
import { EnvironmentLease, type LeaseState } from '../inventory';

/** The ownership lease of an environment (the sync lock is `ferry-env-<env>`, on its destination). */
export function ownerLeaseName(env: string): string {
  return `ferry-owner-${env}`;
}

export interface OwnershipOptions {
  readonly identity: string;
  readonly durationMs: number;
}

interface Held {
  readonly lease: EnvironmentLease;
  readonly controller: AbortController;
}

export class Ownership {
  private readonly held = new Map<string, Held>();
  private readonly seen = new Map<string, LeaseState | undefined>();
  private timer: NodeJS.Timeout | undefined;
  private total = 0;

  constructor(
    private readonly kube: KubeObjects,
    private readonly opts: OwnershipOptions,
  ) {}

  private lease(env: string): EnvironmentLease {
    return new EnvironmentLease(this.kube, env, this.opts.identity, {
      durationMs: this.opts.durationMs,
      name: ownerLeaseName(env),
    });
  }

  /** Start renewing held leases. */
  start(): void {
    this.timer ??= setInterval(
      () => void this.renewAll(),
      Math.max(200, Math.floor(this.opts.durationMs / 3)),
    );
    this.timer.unref();
  }

  /** How many environments exist (for the fair share). */
  setTotal(n: number): void {
    this.total = n;
  }

  holds(env: string): boolean {
    return this.held.has(env);
  }

  /** Aborted when this replica loses `env` (or releases it). */
  signal(env: string): AbortSignal | undefined {
    return this.held.get(env)?.controller.signal;
  }

  /** Environments held right now. */
  heldEnvironments(): string[] {
    return [...this.held.keys()].sort();
  }

  private liveReplicas(): number {
    const holders = new Set([this.opts.identity]);
    const now = Date.now();
    for (const s of this.seen.values()) {
      if (s?.holder && now < s.renewedAt + s.durationMs) holders.add(s.holder);
    }
    return holders.size;
  }

  /**
   * Take `env` when its lease is free or expired and this replica is within its fair share.
   * Resolves true when held (already, or now); the holder of a live lease is remembered.
   */
  async tryAcquire(env: string): Promise<boolean> {
    if (this.held.has(env)) return true;
    const lease = this.lease(env);
    const state = await lease.read();
    this.seen.set(env, state);
    if (lease.heldByOther(state)) return false;
    const share = Math.ceil(Math.max(1, this.total) / this.liveReplicas());
    const othersAlive = this.liveReplicas() > 1;
    if (othersAlive && this.held.size >= share && !state?.holder) return false;
    try {
      await lease.acquire();
    } catch {
      return false; // someone else won the race
    }
    this.held.set(env, { lease, controller: new AbortController() });
    return true;
  }

  private lose(env: string, why: string): void {
    const h = this.held.get(env);
    if (!h) return;
    this.held.delete(env);
    h.controller.abort(new Error(`lost ownership of environment "${env}": ${why}`));
  }

  private async renewAll(): Promise<void> {
    await Promise.all(
      [...this.held].map(async ([env, h]) => {
        try {
          if (!(await h.lease.renew())) this.lose(env, 'another replica took the lease over');
        } catch (err) {
          this.lose(env, `renewing the lease failed: ${(err as Error).message}`);
        }
      }),
    );
  }

  /** Give `env` up (deleted environment, shutdown): others may take it at once. */
  async release(env: string): Promise<void> {
    const h = this.held.get(env);
    if (!h) return;
    this.held.delete(env);
    h.controller.abort(new Error(`released environment "${env}"`));
    await h.lease.release().catch(() => undefined);
  }

  async releaseAll(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all([...this.held.keys()].map((env) => this.release(env)));
  }
}
