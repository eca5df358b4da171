/**
 * Wait until objects are healthy. Polls each object (and, for pod-owning workloads still in
 * progress, the pods of their current revision) and returns as soon as every object is settled;
 * fails fast when one is Failed — a pod that can never start fails the wave now, not at the
 * timeout — and on timeout names every object still waiting with its health message.
 */
import { PodIndex, type KubeObject, type KubeObjects } from '../adapters/kube';
import { fetchLive, type LiveIndex } from './live';
import { mapLimit, systemClock, type Clock } from '../adapters/clock';
import { healthWithPods, objectHealth, type PodHealthOptions } from '../health';
import {
  FerryError,
  formatRef,
  isSettled,
  refKey,
  type Health,
  type ObjectRef,
  type SyncEvent,
} from '../model';

export interface WaitTarget {
  readonly ref: ObjectRef;
  readonly manifest: KubeObject;
}

export interface WaitOptions {
  readonly timeoutMs: number;
  /** @default 1000 */
  readonly intervalMs?: number;
  /** How long an unschedulable pod may wait for capacity. @default 2 minutes */
  readonly unschedulableGraceMs?: number;
  readonly emit: (e: SyncEvent) => void;
  readonly signal?: AbortSignal;
  /** @default systemClock */
  readonly clock?: Clock;
}

export class HealthTimeoutError extends FerryError {}
export class UnhealthyError extends FerryError {}

const POD_OWNERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);
async function healthOf(
  t: WaitTarget,
  live: LiveIndex,
  pods: PodIndex,
  opts: PodHealthOptions,
): Promise<Health> {
  const obj = live.get(refKey(t.ref));
  const health = objectHealth(obj);
  if (!obj || health.status !== 'InProgress' || !POD_OWNERS.has(t.ref.kind)) return health;
  return healthWithPods(obj, await pods.currentPods(obj), opts);
}

export async function waitHealthy(
  kube: KubeObjects,
  targets: readonly WaitTarget[],
  opts: WaitOptions,
): Promise<void> {
  const clock = opts.clock ?? systemClock;
  const deadline = clock.now() + opts.timeoutMs;
  const last = new Map<string, Health>();
  let pending = [...targets];
  while (pending.length > 0) {
    // One LIST per resource and namespace, and one pod/ReplicaSet listing per namespace, per round.
    opts.signal?.throwIfAborted();
    const live = await fetchLive(kube, pending, opts.signal);
    const pods = new PodIndex(kube);
    const podOpts = { now: clock.now(), unschedulableGraceMs: opts.unschedulableGraceMs };
    const healths = await mapLimit(pending, 16, (t) => healthOf(t, live, pods, podOpts));
    const still: WaitTarget[] = [];
    pending.forEach((t, i) => {
      const h = healths[i]!;
      const prev = last.get(refKey(t.ref));
      if (!prev || prev.status !== h.status || prev.message !== h.message) {
        opts.emit({ type: 'object-health', ref: t.ref, health: h });
        last.set(refKey(t.ref), h);
      }
      if (!isSettled(h.status)) still.push(t);
    });
    const failed = still.find((t) => last.get(refKey(t.ref))!.status === 'Failed');
    if (failed) {
      throw new UnhealthyError(
        `${formatRef(failed.ref)} is unhealthy: ${last.get(refKey(failed.ref))!.message}`,
      );
    }
    pending = still;
    if (pending.length === 0) return;
    if (clock.now() >= deadline) {
      const lines = pending.map((t) => `  ${formatRef(t.ref)}: ${last.get(refKey(t.ref))!.message}`);
      throw new HealthTimeoutError(
        `timed out after ${Math.round(opts.timeoutMs / 1000)}s waiting for ${pending.length} object(s) to become healthy:\n` +
          lines.join('\n') +
          '\nRaise --timeout if they are just slow.',
      );
    }
    await clock.sleep(Math.min(opts.intervalMs ?? 1000, Math.max(0, deadline - clock.now())), opts.signal);
  }
}
