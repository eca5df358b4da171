/**
 * Which cluster is this? Environments name their destination cluster (`destination.cluster` in
 * environment.json); a sync refuses a cluster that does not carry that name, so production's
 * folder cannot be applied to the wrong cluster by a stray kubeconfig.
 *
 * The name is recorded in the cluster itself, in ConfigMap `ferry-system/ferry-cluster`
 * (`data.name`), by `ferry cluster up --name N`, `ferry cluster identify N` or `ferry install`.
 * `--cluster NAME` on `sync`/`diff` asserts the identity explicitly instead (e.g. syncing
 * staging's folder into a throw-away test cluster).
 */
import { KubeApiError, type KubeObjects } from '../adapters/kube';
import { FerryError, LABELS } from '../model';
import { ensureSystemNamespace, INVENTORY_NAMESPACE } from './store';

export const IDENTITY_CONFIGMAP = 'ferry-cluster';
const address = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: IDENTITY_CONFIGMAP, namespace: INVENTORY_NAMESPACE },
};

export class ClusterMismatchError extends FerryError {}

/**
 * What a cluster records about itself: its Ferry name, and — once `ferry install --repo URL` ran —
 * the deploy repository and branch every Environment installed from the ferry-system folder reads
 * (overriding the source declared in TypeScript, so a deploy branch can be tried from any repo).
 */
export interface ClusterRecord {
  readonly name?: string;
  readonly repo?: string;
  readonly branch?: string;
}

export async function readClusterRecord(kube: KubeObjects, signal?: AbortSignal): Promise<ClusterRecord> {
  const cm = await kube.get(address, signal);
  const data = (cm?.data ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return { name: str(data.name), repo: str(data.repo), branch: str(data.branch) };
}

/** The name recorded in the cluster, or undefined when none is. */
export async function readClusterName(kube: KubeObjects, signal?: AbortSignal): Promise<string | undefined> {
  return (await readClusterRecord(kube, signal)).name;
}

/** Record `name` as this cluster's identity (idempotent). */
export async function recordClusterName(
  kube: KubeObjects,
  name: string,
  signal?: AbortSignal,
): Promise<void> {
  await recordCluster(kube, { name }, signal);
}

/** Record fields of the cluster record (the others are kept). */
export async function recordCluster(
  kube: KubeObjects,
  record: ClusterRecord,
  signal?: AbortSignal,
): Promise<void> {
  await ensureSystemNamespace(kube, signal);
  const merged = { ...(await readClusterRecord(kube, signal)), ...record };
  const data = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  const cm = {
    ...address,
    metadata: { ...address.metadata, labels: { [LABELS.managedBy]: 'ferry' } },
    data,
  };
  try {
    await kube.apply(cm, { force: true, signal });
  } catch (err) {
    if (err instanceof KubeApiError) throw new FerryError(`cannot record the cluster: ${err.message}`);
    throw err;
  }
}

/**
 * Refuse unless the cluster reached is `expected`: either asserted by `--cluster`, or recorded in
 * the cluster. The message says how the cluster was identified and what to do.
 */
export function checkClusterIdentity(
  server: string,
  record: ClusterRecord,
  expected: string,
  asserted: string | undefined,
): void {
  if (asserted !== undefined) {
    if (asserted === expected) return;
    throw new ClusterMismatchError(
      `the environment's destination.cluster is "${expected}" but --cluster says the cluster at ${server} is ` +
        `"${asserted}"; pass --cluster ${expected} to sync it there anyway`,
    );
  }
  const recorded = record.name;
  if (recorded === expected) return;
  if (recorded === undefined) {
    throw new ClusterMismatchError(
      `cannot tell whether the cluster at ${server} is "${expected}" (the environment's destination.cluster): ` +
        `it records no Ferry cluster name (ConfigMap ${INVENTORY_NAMESPACE}/${IDENTITY_CONFIGMAP}). Record it ` +
        `once with \`ferry cluster identify ${expected}\`, or pass --cluster ${expected}`,
    );
  }
  throw new ClusterMismatchError(
    `refusing to sync: the environment's destination.cluster is "${expected}" but the cluster at ${server} ` +
      `identifies itself as "${recorded}" (ConfigMap ${INVENTORY_NAMESPACE}/${IDENTITY_CONFIGMAP}, data.name). ` +
      `Use the kubeconfig of cluster "${expected}", or pass --cluster ${expected} to sync it here anyway`,
  );
}
