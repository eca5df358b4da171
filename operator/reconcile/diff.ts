/**
 * What a sync would do, computed with reads and server-side dry runs only: objects to create,
 * objects to change (field by field) and owned objects to prune.
 */
import type { SyncConfig } from '../config';
import { formatRef, refKey, type ObjectRef } from '../model';
import type { FieldChange } from '../apply';
import { connect, fetchSnapshot, loadState } from './load';
import { driftOf } from './sync';

export interface DiffEntry {
  readonly ref: ObjectRef;
  readonly action: 'create' | 'change' | 'prune';
  readonly changes: readonly FieldChange[];
  /** A field-manager conflict the sync will report unless the object has Force=true. */
  readonly conflict?: string;
}

export interface DiffResult {
  readonly revision: string;
  readonly entries: readonly DiffEntry[];
  /** Owned objects no longer desired that a sync without --prune would keep. */
  readonly pruneDisabled: boolean;
}

export async function diffEnvironment(cfg: SyncConfig): Promise<DiffResult> {
  const snapshot = await fetchSnapshot(cfg);
  const kube = await connect(cfg.kubeconfig);
  try {
    const state = await loadState(cfg, kube, snapshot);
    const drift = await driftOf(kube, cfg.env, state);
    const entries: DiffEntry[] = [];
    for (const d of state.desired) {
      const dr = drift.get(refKey(d.ref));
      if (!dr || dr.kind === 'unchanged') continue;
      entries.push({
        ref: d.ref,
        action: dr.kind === 'missing' ? 'create' : 'change',
        changes: dr.changes,
        conflict: dr.conflict,
      });
    }
    for (const t of state.candidates.prune) {
      if (t.syncOptions.prune) entries.push({ ref: t.ref, action: 'prune', changes: [] });
    }
    entries.sort((a, b) => formatRef(a.ref).localeCompare(formatRef(b.ref)));
    return { revision: snapshot.revision, entries, pruneDisabled: !cfg.prune };
  } finally {
    kube.client.close();
  }
}
