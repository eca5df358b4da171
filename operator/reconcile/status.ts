/**
 * The state of an environment on the cluster right now: the revision last synced, the last sync
 * operation (result, stage, hooks) and, per owned object, its health. Hooks are not part of the
 * environment's steady-state health: they run, finish and may be deleted by their policy.
 */
import type { KubeObjects } from '../adapters/kube';
import { objectHealth } from '../health';
import { fetchLive } from '../apply';
import {
  formatRef,
  refKey,
  type Health,
  type InfraRecord,
  type ObjectRef,
  type OperationState,
} from '../model';
import { readInventory } from '../inventory';
import { addressable } from './load';

export interface ObjectStatus {
  readonly ref: ObjectRef;
  readonly health: Health;
}

export interface EnvironmentStatus {
  readonly env: string;
  /** The revision of the last successful sync. */
  readonly revision: string | null;
  /** False before the first sync (no inventory). */
  readonly synced: boolean;
  readonly operation?: OperationState;
  /** The infra gate's record: last successful up, last attempt (absent until the gate first ran). */
  readonly infra?: InfraRecord;
  readonly objects: readonly ObjectStatus[];
}

export async function environmentStatus(kube: KubeObjects, env: string): Promise<EnvironmentStatus> {
  const inventory = await readInventory(kube, env);
  if (!inventory) return { env, revision: null, synced: false, objects: [] };
  const targets = inventory.refs.flatMap((ref) => addressable(kube, ref));
  const live = await fetchLive(kube, targets);
  const objects = inventory.refs
    .map((ref) => ({
      ref,
      health: kube.addressOf(ref)
        ? objectHealth(live.get(refKey(ref)))
        : { status: 'Unknown' as const, message: 'its kind is not served by the API server right now' },
    }))
    .sort((a, b) => formatRef(a.ref).localeCompare(formatRef(b.ref)));
  return {
    env,
    revision: inventory.revision,
    synced: true,
    operation: inventory.operation,
    ...(inventory.infra ? { infra: inventory.infra } : {}),
    objects,
  };
}
