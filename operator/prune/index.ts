/**
 * Execute prune steps: delete objects this environment owns that are no longer desired. The plan
 * already ordered them (high wave first, reverse kind order, PruneLast at the end) and the
 * inventory policies already vetoed anything not owned or marked Prune=false; this module
 * re-checks ownership against the live object right before deleting, because the plan may be
 * minutes old. Deletion uses foreground propagation unless the object says
 * `PrunePropagationPolicy=background|orphan`. Whenever something cannot be checked (its kind is not
 * served right now, a namespace cannot be listed), the object is kept: uncertainty never deletes.
 */
import type { KubeObjects } from '../adapters/kube';
import { mapLimit } from '../adapters/clock';
import { trackingId, trackingIdOf } from '../inventory';
import { parseSyncOptions } from '../manifests';
import { foreignObjectsIn } from './namespace';
import { ObjectError, runsOfKind, type ObjectRef, type PruneStep, type SyncEvent } from '../model';

export interface PruneContext {
  readonly kube: KubeObjects;
  readonly env: string;
  readonly emit: (e: SyncEvent) => void;
  readonly signal?: AbortSignal;
}

/**
 * Delete the step's objects in its order (reverse kind order: custom resources first, Namespaces
 * last), objects of one kind concurrently; returns those actually deleted.
 */
export async function runPruneStep(ctx: PruneContext, step: PruneStep): Promise<ObjectRef[]> {
  const deleted: ObjectRef[] = [];
  for (const run of runsOfKind(step.refs, (r) => r)) {
    ctx.signal?.throwIfAborted();
    deleted.push(...(await pruneRun(ctx, run)));
  }
  if (deleted.some((r) => r.kind === 'CustomResourceDefinition')) ctx.kube.discovery.invalidate();
  return deleted;
}

async function pruneRun(ctx: PruneContext, refs: readonly ObjectRef[]): Promise<ObjectRef[]> {
  const deleted: ObjectRef[] = [];
  await mapLimit(refs, 8, async (ref) => {
    const target = ctx.kube.addressOf(ref);
    if (!target) {
      ctx.emit({
        type: 'prune-skipped',
        ref,
        reason: 'its kind is not served right now; kept until it can be checked',
      });
      return;
    }
    const live = await ctx.kube.get(target, ctx.signal);
    if (!live) return;
    if (trackingIdOf(live) !== trackingId(ctx.env, ref)) {
      ctx.emit({ type: 'prune-skipped', ref, reason: 'no longer carries this environment’s tracking id' });
      return;
    }
    if (ref.kind === 'Namespace' && ref.group === '') {
      const foreign = await foreignObjectsIn(ctx.kube, ref.name, ctx.env, 3, ctx.signal);
      if (foreign.length > 0) {
        const reason = `holds objects this environment does not own (${foreign.join(', ')}); delete or move them, then sync again`;
        ctx.emit({ type: 'prune-skipped', ref, reason });
        return;
      }
    }
    const policy = parseSyncOptions(live.metadata.annotations ?? {}).value.prunePropagationPolicy;
    try {
      if (await ctx.kube.delete(target, policy, ctx.signal)) {
        deleted.push(ref);
        ctx.emit({ type: 'pruned', ref });
      }
    } catch (err) {
      throw new ObjectError(ref, 'prune', (err as Error).message, { cause: err });
    }
  });
  return deleted;
}
