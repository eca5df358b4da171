/**
 * The plain JSON shape of a synthesised Kubernetes object. Policies and synth-time checks work on
 * this shape (after construction), so they see exactly what is written to the deploy format.
 */
export interface KubeMetadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeMetadata;
  [key: string]: unknown;
}

/** Kinds that are not namespaced. Everything else is placed in the environment's namespace. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PriorityClass',
  'StorageClass',
  'PersistentVolume',
  'IngressClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** The API group of an apiVersion: '' for the core group (`v1`), `apps` for `apps/v1`. */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** A reference to another object, written into `ferry.dev/depends-on`. */
export interface ObjectRef {
  /** API group; '' for the core group. */
  readonly group: string;
  readonly kind: string;
  /** '' for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
}

/** `<group>/<Kind>/<namespace>/<name>`, the depends-on reference format. */
export function formatRef(ref: ObjectRef): string {
  return `${ref.group}/${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** The pod spec of a workload object, or undefined for non-workloads. */
export function podSpecOf(obj: KubeObject): PodSpecJson | undefined {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (!spec) return undefined;
  switch (obj.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return (spec.template as { spec?: PodSpecJson } | undefined)?.spec;
    case 'CronJob': {
      const job = spec.jobTemplate as { spec?: { template?: { spec?: PodSpecJson } } } | undefined;
      return job?.spec?.template?.spec;
    }
    case 'Pod':
      return spec as PodSpecJson;
    default:
      return undefined;
  }
}

/** The pod template metadata of a workload object, or undefined for non-workloads. */
export function podMetadataOf(obj: KubeObject): { labels?: Record<string, string> } | undefined {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (!spec) return undefined;
  if (obj.kind === 'CronJob') {
    const job = spec.jobTemplate as {
      spec?: { template?: { metadata?: { labels?: Record<string, string> } } };
    };
    const template = job?.spec?.template;
    if (!template) return undefined;
    template.metadata ??= {};
    return template.metadata;
  }
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(obj.kind)) {
    const template = spec.template as { metadata?: { labels?: Record<string, string> } } | undefined;
    if (!template) return undefined;
    template.metadata ??= {};
    return template.metadata;
  }
  return undefined;
}

export interface ContainerJson {
  name: string;
  image?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: unknown;
  securityContext?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface PodSpecJson {
  containers?: ContainerJson[];
  initContainers?: ContainerJson[];
  securityContext?: Record<string, unknown>;
  [key: string]: unknown;
}

/** All containers (init containers included) of a pod spec. */
export function containersOf(pod: PodSpecJson): ContainerJson[] {
  return [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
}
