/**
 * Pods of a workload's current revision: for a Deployment the pods of its newest ReplicaSet (so
 * crashing pods of a revision being replaced are not counted), otherwise the pods it owns.
 */
import type { KubeObject } from '../../model';
import type { KubeObjects } from './objects';

const REVISION = 'deployment.kubernetes.io/revision';

function ownedBy(obj: KubeObject, uid: string | undefined): boolean {
  return (
    !!uid &&
    (obj.metadata.ownerReferences as { uid: string }[] | undefined)?.some((o) => o.uid === uid) === true
  );
}

function selectorOf(workload: KubeObject): string | undefined {
  const labels = (workload.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)
    ?.selector?.matchLabels;
  return labels
    ? Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')
    : undefined;
}

/** Pods of the workload's current revision (for a Deployment: of its newest ReplicaSet). */
export async function currentPods(kube: KubeObjects, workload: KubeObject): Promise<KubeObject[]> {
  const ns = workload.metadata.namespace;
  const selector = selectorOf(workload);
  const podInfo = kube.discovery.lookup('v1', 'Pod');
  if (!podInfo || !selector) return [];
  let owner = workload.metadata.uid;
  if (workload.kind === 'Deployment') {
    const rsInfo = kube.discovery.lookup('apps/v1', 'ReplicaSet');
    if (!rsInfo) return [];
    const revision = workload.metadata.annotations?.[REVISION];
    const rs = (await kube.list(rsInfo, ns, selector)).find(
      (r) => ownedBy(r, workload.metadata.uid) && r.metadata.annotations?.[REVISION] === revision,
    );
    if (!rs) return [];
    owner = rs.metadata.uid;
  }
  return (await kube.list(podInfo, ns, selector)).filter((p) => ownedBy(p, owner));
}
