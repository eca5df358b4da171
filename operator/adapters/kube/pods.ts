/**
 * Pods of a workload's current revision: for a Deployment the pods of its newest ReplicaSet (so
 * crashing pods of a revision being replaced are not counted), otherwise the pods it owns.
 * A PodIndex lists a namespace's ReplicaSets and Pods once and answers for every workload in it,
 * so waiting on hundreds of Deployments costs two LISTs per round, not two per Deployment.
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

interface NamespaceLists {
  readonly replicaSets: readonly KubeObject[];
  readonly pods: readonly KubeObject[];
}

export class PodIndex {
  private readonly lists = new Map<string, Promise<NamespaceLists>>();

  constructor(private readonly kube: KubeObjects) {}

  private namespace(ns: string): Promise<NamespaceLists> {
    let lists = this.lists.get(ns);
    if (!lists) {
      const podInfo = this.kube.discovery.lookup('v1', 'Pod');
      const rsInfo = this.kube.discovery.lookup('apps/v1', 'ReplicaSet');
      lists = Promise.all([
        rsInfo ? this.kube.list(rsInfo, ns) : [],
        podInfo ? this.kube.list(podInfo, ns) : [],
      ]).then(([replicaSets, pods]) => ({ replicaSets, pods }));
      this.lists.set(ns, lists);
    }
    return lists;
  }

  /** Pods of the workload's current revision (for a Deployment: of its newest ReplicaSet). */
  async currentPods(workload: KubeObject): Promise<KubeObject[]> {
    const ns = workload.metadata.namespace;
    if (!ns) return [];
    const { replicaSets, pods } = await this.namespace(ns);
    let owner = workload.metadata.uid;
    if (workload.kind === 'Deployment') {
      const revision = workload.metadata.annotations?.[REVISION];
      const rs = replicaSets.find(
        (r) => ownedBy(r, workload.metadata.uid) && r.metadata.annotations?.[REVISION] === revision,
      );
      if (!rs) return [];
      owner = rs.metadata.uid;
    }
    return pods.filter((p) => ownedBy(p, owner));
  }
}

/** One-off lookup for a single workload. */
export function currentPods(kube: KubeObjects, workload: KubeObject): Promise<KubeObject[]> {
  return new PodIndex(kube).currentPods(workload);
}
