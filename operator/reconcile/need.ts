/**
 * When is a sync needed? Pure. "Nothing drifted and nothing to prune" is not "synced": a sync
 * is needed when
 * - the environment was never synced on this cluster (no inventory);
 * - the revision differs from the last *successful* one (new hooks and waves must run even when
 *   no object changed);
 * - the last sync failed, or never finished (killed after its applies: its remaining waves,
 *   health checks and hooks must still run);
 * - the infra description differs from the one last brought up (see infra-gate.ts);
 * - an object drifted, or an owned object is to be pruned.
 * Otherwise the environment is in sync and the sync ends without a single write.
 */
import type { Inventory } from '../inventory';
import type { SyncReason } from '../model';

export interface NeedInput {
  readonly inventory: Inventory | undefined;
  readonly revision: string;
  /** Objects whose assessment says applying would change something. */
  readonly drifted: number;
  /** Owned objects the plan deletes. */
  readonly pruning: number;
  /** `infra-changed` when the infra gate must run. */
  readonly infra?: SyncReason;
}

export function syncNeed(input: NeedInput): SyncReason {
  const { inventory, revision } = input;
  if (!inventory) return { kind: 'first-sync' };
  const op = inventory.operation;
  // Called only when no other sync holds the environment's lease: a Running operation is a dead one.
  if (op?.phase === 'Running') return { kind: 'previous-interrupted', startedAt: op.startedAt };
  if (op?.phase === 'Failed' && op.revision === revision)
    return { kind: 'previous-failed', message: op.message };
  if (input.infra) return input.infra;
  if (inventory.revision !== revision) return { kind: 'new-revision', from: inventory.revision };
  if (input.drifted > 0) return { kind: 'drift', objects: input.drifted };
  if (input.pruning > 0) return { kind: 'prune-pending', objects: input.pruning };
  return { kind: 'in-sync' };
}
