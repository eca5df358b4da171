/** Per-object results and the message for a set the server rejected. */
import type { Drift } from '../apply';
import { formatRef, refKey, type DesiredObject, type ObjectRef, type ObjectResult } from '../model';

const ACTION: Readonly<Record<Drift['kind'], ObjectResult['action']>> = {
  unchanged: 'unchanged',
  missing: 'created',
  changed: 'configured',
  recreate: 'recreated',
  rejected: 'rejected',
  unchecked: 'created',
};

/** What the sync did (or, when it stopped before writing, would have done) to each object. */
export function objectResults(
  desired: readonly DesiredObject[],
  drift: ReadonlyMap<string, Drift>,
  pruned: readonly ObjectRef[] = [],
): ObjectResult[] {
  const results: ObjectResult[] = [];
  for (const d of desired) {
    const a = drift.get(refKey(d.ref));
    if (!a || d.sync.hook.kind !== 'none') continue;
    results.push({
      ref: d.ref,
      action: ACTION[a.kind],
      ...(a.kind === 'rejected' ? { message: a.message } : {}),
    });
  }
  for (const ref of pruned) results.push({ ref, action: 'pruned' });
  return results;
}

/** Every object the server would refuse, one line each, or undefined when there is none. */
export function rejectedMessage(
  desired: readonly DesiredObject[],
  drift: ReadonlyMap<string, Drift>,
): string | undefined {
  const lines = desired.flatMap((d) => {
    const a = drift.get(refKey(d.ref));
    return a?.kind === 'rejected' ? [`  ${d.file}: ${formatRef(d.ref)}: ${a.message}`] : [];
  });
  if (lines.length === 0) return undefined;
  return (
    `the API server rejects ${lines.length} object${lines.length === 1 ? '' : 's'} of this revision; ` +
    `nothing was applied:\n${lines.join('\n')}`
  );
}

/** Warnings the assessment produced: fields dropped under `Validate=false`. */
export function driftWarnings(
  desired: readonly DesiredObject[],
  drift: ReadonlyMap<string, Drift>,
): string[] {
  return desired.flatMap((d) => {
    const a = drift.get(refKey(d.ref));
    const dropped = a && (a.kind === 'missing' || a.kind === 'changed') ? a.dropped : undefined;
    return dropped
      ? [
          `${d.file}: ${formatRef(d.ref)}: Validate=false: dropped fields the API server does not know: ${dropped.join(', ')}`,
        ]
      : [];
  });
}
