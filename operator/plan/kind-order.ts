/**
 * The one kind order. Cluster-wide definitions and "class" kinds come first (as Flux stages them),
 * then Argo CD's order for the rest. Kinds not listed — custom resources among them — come after
 * every listed kind, ordered by kind name. Admission webhook configurations and policies come
 * after everything, custom resources included: registered before their server is ready, a webhook
 * would reject every object it intercepts in the same wave.
 */
export const KIND_ORDER: readonly string[] = [
  'Namespace',
  'PriorityClass',
  'RuntimeClass',
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
  'ReplicationController',
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

/** Kinds applied after every other kind, custom resources included (in this order). */
export const LAST_KINDS: readonly string[] = [
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
];

const RANK = new Map([
  ...KIND_ORDER.map((k, i) => [k, i] as const),
  ...LAST_KINDS.map((k, i) => [k, KIND_ORDER.length + 1 + i] as const),
]);

/** Position of a kind; every unlisted kind shares the rank between KIND_ORDER and LAST_KINDS. */
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
