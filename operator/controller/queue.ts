/**
 * One work queue keyed by environment, as controller-runtime has it:
 * - adding a key that is waiting merges (one reconcile however many triggers fired);
 * - a key is never processed twice at once: added while running, it runs once more afterwards;
 * - at most `concurrency` keys run in parallel;
 * - a failed reconcile is retried with per-key exponential backoff (2 s doubling to 5 min), reset
 *   by a success; a successful one may ask to run again after a delay (the interval).
 * - a key waits as a `full` reconcile or only a `heal` (re-sync what drifted); merging a heal into a
 *   waiting full one is a full one; timers (interval, backoff) always ask for a full one.
 * Triggers only say *which key* to look at; the reconcile decides what to do.
 */

/** `full`: the whole reconcile; `heal`: only objects a watch saw change (see reconcile/heal.ts). */
export type Mode = 'full' | 'heal';

const merged = (a: Mode | undefined, b: Mode): Mode => (a === 'full' || b === 'full' ? 'full' : 'heal');

export interface Outcome {
  /** True when the reconcile failed (retried with backoff). */
  readonly failed?: boolean;
  /** Run again after this long (ignored when failed: backoff wins). */
  readonly requeueAfterMs?: number;
}

export interface QueueOptions {
  /** @default 4 */
  readonly concurrency?: number;
  /** @default 2000 */
  readonly backoffBaseMs?: number;
  /** @default 300000 */
  readonly backoffMaxMs?: number;
}

export class WorkQueue {
  private readonly waiting = new Map<string, Mode>();
  private readonly running = new Set<string>();
  private readonly dirty = new Map<string, Mode>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly failures = new Map<string, number>();
  private readonly order: string[] = [];
  private stopped = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly handler: (key: string, mode: Mode) => Promise<Outcome>,
    private readonly opts: QueueOptions = {},
  ) {}

  /** Look at `key` as soon as a worker is free. */
  add(key: string, mode: Mode = 'full'): void {
    if (this.stopped) return;
    if (this.running.has(key)) {
      this.dirty.set(key, merged(this.dirty.get(key), mode));
      return;
    }
    if (this.waiting.has(key)) {
      this.waiting.set(key, merged(this.waiting.get(key), mode));
      return;
    }
    this.waiting.set(key, mode);
    this.order.push(key);
    this.pump();
  }

  /** Look at `key` after `ms` (an earlier pending request wins). */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    const at = Date.now() + ms;
    const pending = this.timers.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, ms);
    timer.unref();
    this.timers.set(key, { at, timer });
  }

  /** Forget a key (its object was deleted): pending timers are dropped. */
  forget(key: string): void {
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending.timer);
    this.timers.delete(key);
    this.failures.delete(key);
    this.dirty.delete(key);
  }

  /** Consecutive failures of a key. */
  failuresOf(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  backoffMs(failures: number): number {
    const base = this.opts.backoffBaseMs ?? 2000;
    return Math.min(this.opts.backoffMaxMs ?? 300_000, base * 2 ** Math.max(0, failures - 1));
  }

  private pump(): void {
    const limit = this.opts.concurrency ?? 4;
    while (!this.stopped && this.running.size < limit && this.order.length > 0) {
      const key = this.order.shift()!;
      const mode = this.waiting.get(key) ?? 'full';
      this.waiting.delete(key);
      this.running.add(key);
      void this.run(key, mode);
    }
    if (this.running.size === 0 && this.order.length === 0) for (const r of this.idle.splice(0)) r();
  }

  private async run(key: string, mode: Mode): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.handler(key, mode);
    } catch {
      outcome = { failed: true };
    }
    this.running.delete(key);
    if (outcome.failed) {
      const n = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, n);
      this.addAfter(key, this.backoffMs(n));
    } else {
      this.failures.delete(key);
      if (outcome.requeueAfterMs !== undefined) this.addAfter(key, outcome.requeueAfterMs);
    }
    const again = this.dirty.get(key);
    if (again) {
      this.dirty.delete(key);
      this.add(key, again);
    }
    this.pump();
  }

  /** Stop taking work; resolves when running reconciles have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.order.length = 0;
    this.waiting.clear();
    if (this.running.size === 0) return;
    await new Promise<void>((r) => this.idle.push(r));
  }
}
