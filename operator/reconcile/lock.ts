/**
 * One sync per environment at a time. A `ferry sync` process takes the environment's Lease for
 * the duration of its writes (LeaseLock), renewing it in the background; an operator replica that
 * already holds the lease passes its own lock (its `lost` signal fires when the lease is lost).
 * Losing the lock aborts the sync at the next step boundary: never two writers.
 */
import type { KubeObjects } from '../adapters/kube';
import type { Clock } from '../adapters/clock';
import { EnvironmentLease } from '../inventory';
import { FerryError } from '../model';

export class LockLostError extends FerryError {}

export interface SyncLock {
  /** Take the lock, or throw LeaseHeldError naming the holder. */
  acquire(signal?: AbortSignal): Promise<void>;
  release(): Promise<void>;
  /** Aborted when the lock is lost while held. */
  readonly lost: AbortSignal;
  /** Who else holds the lock and is alive, if anyone (reads only). */
  otherHolder(signal?: AbortSignal): Promise<string | undefined>;
}

export interface LeaseLockOptions {
  /** @default 15000 */
  readonly durationMs?: number;
  readonly clock?: Clock;
}

export class LeaseLock implements SyncLock {
  private readonly lease: EnvironmentLease;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly durationMs: number;

  constructor(kube: KubeObjects, env: string, holder: string, opts: LeaseLockOptions = {}) {
    this.durationMs = opts.durationMs ?? 15_000;
    this.lease = new EnvironmentLease(kube, env, holder, { durationMs: this.durationMs, clock: opts.clock });
  }

  get lost(): AbortSignal {
    return this.controller.signal;
  }

  async otherHolder(signal?: AbortSignal): Promise<string | undefined> {
    const state = await this.lease.read(signal);
    return this.lease.heldByOther(state) ? state!.holder : undefined;
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    await this.lease.acquire(signal);
    const renew = async (): Promise<void> => {
      try {
        if (!(await this.lease.renew())) this.lose('the lease was taken over by another holder');
      } catch (err) {
        this.lose(`renewing the lease failed: ${(err as Error).message}`);
      }
    };
    this.timer = setInterval(() => void renew(), Math.max(200, Math.floor(this.durationMs / 3)));
    this.timer.unref();
  }

  private lose(why: string): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.controller.abort(new LockLostError(`lost the sync lock of environment "${this.lease.env}": ${why}`));
  }

  async release(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!this.controller.signal.aborted) await this.lease.release();
  }
}
