/** Per-object results, who drifted them, and the message for a set the server rejected. */
import type { KubeObject } from '../adapters/kube';
import { FIELD_MANAGER } from '../adapters/kube';
import { drifted, type Drift, type LiveIndex, type ManagedFieldsEntry } from '../apply';
import {
  formatRef,
  refKey,
  type DesiredObject,
  type DriftNote,
  type ObjectRef,
  type ObjectResult,
} from '../model';

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

/** The field manager of the newest change to `live` by anyone but Ferry (status writers aside). */
export function lastForeignManager(live: KubeObject | undefined): string | undefined {
  const entries = (live?.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  let best: ManagedFieldsEntry | undefined;
  for (const e of entries) {
    if (!e.manager || e.manager === FIELD_MANAGER || e.subresource === 'status') continue;
    if (!best || (e.time ?? '') >= (best.time ?? '')) best = e;
  }
  return best?.manager;
}

/** Who changed each drifted object (for messages, the fight guard and `out-of-sync` reports). */
export function driftNotes(
  objects: readonly DesiredObject[],
  drift: ReadonlyMap<string, Drift>,
  live: LiveIndex,
): DriftNote[] {
  return objects.flatMap((d): DriftNote[] => {
    const a = drift.get(refKey(d.ref));
    if (!a || !drifted(a)) return [];
    const obj = live.get(refKey(d.ref));
    if (!obj) return [{ ref: d.ref, deleted: true }];
    const manager = lastForeignManager(obj);
    return [{ ref: d.ref, ...(manager ? { manager } : {}) }];
  });
}

/** `Deployment/shop/api (changed by kubectl)`, `ConfigMap/shop/c (deleted)`. */
export function describeDrift(notes: readonly DriftNote[]): string {
  const shown = notes.slice(0, 5).map((n) => {
    const who = n.deleted ? 'deleted' : n.manager ? `changed by ${n.manager}` : 'changed';
    return `${formatRef(n.ref)} (${who})`;
  });
  return `${shown.join(', ')}${notes.length > 5 ? `, and ${notes.length - 5} more` : ''}`;
}
