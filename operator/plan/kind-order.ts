/**
 * The one kind order (Argo CD's, minus kinds removed from Kubernetes). Kinds not listed — all
 * custom resources among them — come after every listed kind, ordered by kind name.
 */
export const KIND_ORDER: readonly string[] = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

const RANK = new Map(KIND_ORDER.map((k, i) => [k, i]));

/** Position of a kind in KIND_ORDER; every unlisted kind shares the rank after the last one. */
export function kindRank(kind: string): number {
  return RANK.get(kind) ?? KIND_ORDER.length;
}

/** Apply order of two kinds: by rank, unlisted kinds by name. */
export function compareKinds(a: string, b: string): number {
  return kindRank(a) - kindRank(b) || (kindRank(a) === KIND_ORDER.length ? cmp(a, b) : 0);
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
