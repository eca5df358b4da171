/**
 * Execute prune steps: delete objects this environment owns that are no longer desired. The plan
 * already ordered them (high wave first, reverse kind order, PruneLast at the end) and the
 * inventory policies already vetoed anything not owned or marked Prune=false; this module
 * re-checks ownership against the live object right before deleting, because the plan may be
 * minutes old. Deletion uses foreground propagation unless the object's sync options say
 * otherwise.
 */
import type { KubeObjects } from '../adapters/kube';
import { mapLimit } from '../adapters/clock';
import { trackingId } from '../inventory';
import { ANNOTATIONS, ObjectError, type ObjectRef, type PruneStep, type SyncEvent } from '../model';

export interface PruneContext {
  readonly kube: KubeObjects;
  readonly env: string;
  readonly emit: (e: SyncEvent) => void;
}

/** Delete the step's objects; returns those actually deleted. */
export async function runPruneStep(ctx: PruneContext, step: PruneStep): Promise<ObjectRef[]> {
  const deleted: ObjectRef[] = [];
  await mapLimit(step.refs, 8, async (ref) => {
    const target = ctx.kube.addressOf(ref);
    if (!target) return; // the kind is gone, so is the object
    const live = await ctx.kube.get(target);
    if (!live) return;
    if (live.metadata.annotations?.[ANNOTATIONS.trackingId] !== trackingId(ctx.env, ref)) {
      ctx.emit({ type: 'prune-skipped', ref, reason: 'no longer carries this environment’s tracking id' });
      return;
    }
    try {
      if (await ctx.kube.delete(target, 'Foreground')) {
        deleted.push(ref);
        ctx.emit({ type: 'pruned', ref });
      }
    } catch (err) {
      throw new ObjectError(ref, 'prune', (err as Error).message, { cause: err });
    }
  });
  return deleted;
}
