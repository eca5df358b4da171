/**
 * The state of an environment on the cluster right now: the revision last synced (from the
 * inventory) and, per owned object, its health and whether it still exists.
 */
import { objectHealth } from '../health';
import { fetchLive } from '../apply';
import { formatRef, refKey, type Health, type ObjectRef } from '../model';
import { readInventory } from '../inventory';
import { addressable, connect } from './load';

export interface ObjectStatus {
  readonly ref: ObjectRef;
  readonly health: Health;
}

export interface EnvironmentStatus {
  readonly env: string;
  readonly revision: string | null;
  readonly synced: boolean;
  readonly objects: readonly ObjectStatus[];
}

export async function environmentStatus(
  env: string,
  kubeconfig: string | undefined,
): Promise<EnvironmentStatus> {
  const kube = await connect(kubeconfig);
  try {
    const inventory = await readInventory(kube, env);
    if (!inventory) return { env, revision: null, synced: false, objects: [] };
    const targets = inventory.refs.flatMap((ref) => addressable(kube, ref));
    const live = await fetchLive(kube, targets);
    const objects = inventory.refs
      .map((ref) => ({ ref, health: objectHealth(live.get(refKey(ref))) }))
      .sort((a, b) => formatRef(a.ref).localeCompare(formatRef(b.ref)));
    return { env, revision: inventory.revision, synced: true, objects };
  } finally {
    kube.client.close();
  }
}
