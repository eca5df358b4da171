/**
 * Deleting a Namespace deletes everything in it. Before pruning one, look inside: if it holds an
 * object this environment does not own, the Namespace is kept (and reported), so a prune never
 * takes unowned objects with it. Objects that belong to another object (ownerReferences: pods of
 * a ReplicaSet, Jobs of a CronJob, …) follow their owner, what Kubernetes itself puts in every
 * namespace does not count, and neither do the objects of the environment's own infra stack
 * (labelled `ferry.dev/infra=<env>`: its servers, their volume claims, its connection Secrets), which
 * go with the environment.
 */
import type { KubeObject, KubeObjects } from '../adapters/kube';
import { mapLimit } from '../adapters/clock';
import { trackingIdOf } from '../inventory';
import { LABELS } from '../model';

/** Made by Kubernetes in every namespace, or derived from other objects without an owner ref. */
const SYSTEM: ReadonlyArray<(o: KubeObject) => boolean> = [
  (o) => o.kind === 'Event',
  (o) => o.kind === 'Endpoints',
  (o) => o.kind === 'ServiceAccount' && o.metadata.name === 'default',
  (o) => o.kind === 'ConfigMap' && o.metadata.name === 'kube-root-ca.crt',
];

function foreign(o: KubeObject, env: string): boolean {
  if (Array.isArray(o.metadata.ownerReferences) && o.metadata.ownerReferences.length > 0) return false;
  if (SYSTEM.some((isSystem) => isSystem(o))) return false;
  if (o.metadata.labels?.[LABELS.infra] === env) return false;
  const id = trackingIdOf(o);
  return !id?.startsWith(`${env}:`);
}

/**
 * Up to `max` objects in `namespace` that `env` does not own, as `Kind/name`. A kind that cannot be
 * listed counts as "may hold something": the namespace is kept, never deleted on a guess. So does
 * a group whose discovery failed.
 */
export async function foreignObjectsIn(
  kube: KubeObjects,
  namespace: string,
  env: string,
  max = 3,
  signal?: AbortSignal,
): Promise<string[]> {
  const found = kube.discovery
    .uncertainGroups()
    .map((g) => `objects of API group ${g} (its discovery failed)`);
  await mapLimit(kube.discovery.namespacedKinds(), 8, async (info) => {
    if (found.length >= max) return;
    let items: KubeObject[];
    try {
      items = await kube.list(info, namespace, undefined, signal);
    } catch (err) {
      found.push(`${info.kind} (cannot list them: ${(err as Error).message.split('\n')[0]})`);
      return;
    }
    for (const o of items)
      if (foreign(o, env) && found.length < max) found.push(`${o.kind}/${o.metadata.name}`);
  });
  return found.sort();
}
