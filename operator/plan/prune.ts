/** Prune steps: high wave → low, reverse kind order inside a wave, PruneLast objects at the end. */
import {
  PruneRefusedError,
  refKey,
  type DesiredObject,
  type PlanSkip,
  type PruneStep,
  type PruneTarget,
} from '../model';
import { comparePruneRefs } from './order';

export interface PruneOptions {
  /** @default false */
  readonly prune?: boolean;
  /** @default false */
  readonly allowEmpty?: boolean;
}

export function pruneSteps(
  desired: readonly DesiredObject[],
  targets: readonly PruneTarget[],
  options: PruneOptions,
): { steps: PruneStep[]; skipped: PlanSkip[] } {
  const skipped: PlanSkip[] = [];
  const desiredKeys = new Set(desired.map((o) => refKey(o.ref)));
  const seen = new Set<string>();
  const toDelete: PruneTarget[] = [];
  for (const t of targets) {
    const key = refKey(t.ref);
    if (seen.has(key)) continue;
    seen.add(key);
    if (desiredKeys.has(key)) skipped.push({ ref: t.ref, reason: { kind: 'still-desired' } });
    else if (!t.syncOptions.prune) skipped.push({ ref: t.ref, reason: { kind: 'prune-false' } });
    else if (!(options.prune ?? false)) skipped.push({ ref: t.ref, reason: { kind: 'prune-disabled' } });
    else toDelete.push(t);
  }
  if (toDelete.length > 0 && desired.length === 0 && !(options.allowEmpty ?? false)) {
    throw new PruneRefusedError(
      `refusing to prune ${toDelete.length} object${toDelete.length === 1 ? '' : 's'}: the desired set is empty ` +
        'and allowEmpty is false. If removing everything is intended, set syncPolicy.allowEmpty.',
    );
  }
  const order = (a: PruneTarget, b: PruneTarget): number => b.wave - a.wave || comparePruneRefs(a.ref, b.ref);
  const steps: PruneStep[] = [];
  const normal = toDelete.filter((t) => !t.syncOptions.pruneLast).sort(order);
  for (const t of normal) {
    const last = steps[steps.length - 1];
    if (last && last.wave === t.wave) steps[steps.length - 1] = { ...last, refs: [...last.refs, t.ref] };
    else steps.push({ type: 'prune', wave: t.wave, last: false, refs: [t.ref] });
  }
  const pruneLast = toDelete.filter((t) => t.syncOptions.pruneLast).sort(order);
  if (pruneLast.length > 0) {
    steps.push({ type: 'prune', wave: pruneLast[0]!.wave, last: true, refs: pruneLast.map((t) => t.ref) });
  }
  return { steps, skipped };
}
