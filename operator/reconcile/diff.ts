/**
 * What a sync would do, computed with reads and server-side dry runs only: objects to create,
 * change (field by field), recreate and prune, and objects the server would reject.
 */
import type { KubeObjects } from '../adapters/kube';
import { Normalization, type FieldChange } from '../apply';
import type { SyncConfig } from '../config';
import { formatRef, refKey, type ObjectRef } from '../model';
import { at, fetchSnapshot, loadState } from './load';
import { assessState } from './sync';
import { driftWarnings } from './report';
import { describeInfraGate } from './infra-gate';

export interface DiffEntry {
  readonly ref: ObjectRef;
  readonly action: 'create' | 'change' | 'recreate' | 'prune' | 'rejected';
  readonly changes: readonly FieldChange[];
  /** A field-manager conflict the sync will report unless the object has Force=true. */
  readonly conflict?: string;
  /** Why: the server's refusal, the immutable field, the managers whose fields are adopted. */
  readonly note?: string;
}

export interface DiffResult {
  readonly revision: string;
  readonly entries: readonly DiffEntry[];
  /** True when owned objects no longer desired would be kept (pruning disabled). */
  readonly pruneDisabled: boolean;
  readonly warnings: readonly string[];
  /** The infra stack, when the folder has an infra description; `changed`: a sync would bring it up. */
  readonly infra?: { readonly stack: string; readonly changed: boolean };
}

export async function diffEnvironment(kube: KubeObjects, cfg: SyncConfig): Promise<DiffResult> {
  const snapshot = await at('source', () => fetchSnapshot(cfg));
  await at('cluster', () => kube.discovery.ensureFresh());
  const state = await loadState(kube, cfg, snapshot);
  const gate = await describeInfraGate(snapshot.dir, state.environment, state.inventory, cfg.env);
  const applied = state.desired.filter((d) => d.sync.hook.kind === 'none');
  const drift = await at('dry-run', () =>
    assessState(kube, cfg.env, state, new Normalization(state.inventory?.normalization), applied),
  );
  const entries: DiffEntry[] = [];
  for (const d of state.desired) {
    const a = drift.get(refKey(d.ref));
    if (!a || d.sync.hook.kind !== 'none') continue;
    switch (a.kind) {
      case 'missing':
      case 'unchecked':
        entries.push({ ref: d.ref, action: 'create', changes: [] });
        break;
      case 'changed':
        entries.push({
          ref: d.ref,
          action: 'change',
          changes: a.changes,
          conflict: a.conflict,
          ...(a.adopt ? { note: `takes over the fields of ${a.adopt.join(', ')}` } : {}),
        });
        break;
      case 'recreate':
        entries.push({ ref: d.ref, action: 'recreate', changes: [], note: a.reason });
        break;
      case 'rejected':
        entries.push({ ref: d.ref, action: 'rejected', changes: [], note: a.message });
        break;
      case 'unchanged':
        break;
    }
  }
  const prune = cfg.prune ?? state.environment.syncPolicy.prune;
  for (const t of state.candidates.prune) {
    if (t.syncOptions.prune) entries.push({ ref: t.ref, action: 'prune', changes: [] });
  }
  entries.sort((a, b) => formatRef(a.ref).localeCompare(formatRef(b.ref)));
  return {
    revision: snapshot.revision,
    entries,
    pruneDisabled: !prune,
    warnings: [...state.warnings, ...driftWarnings(state.desired, drift)],
    ...(gate ? { infra: { stack: gate.stack, changed: gate.needed } } : {}),
  };
}
