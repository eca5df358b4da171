/**
 * Kind → resource (the plural RBAC rules name): a table of the built-in kinds of Kubernetes 1.28+,
 * the `spec.names.plural` of CustomResourceDefinitions in the platform, and plurals a platform
 * declares for custom kinds installed outside Ferry. A kind none of them knows cannot be given a
 * permission, so it is an error naming the kind.
 */
import type { CustomKind, GroupKind } from './footprint';

/** `Kind.group` (or `Kind` for the core group) → plural, for custom kinds installed outside Ferry. */
export type DeclaredPlurals = Readonly<Record<string, string>>;

const BUILTIN: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '': {
    ConfigMap: 'configmaps',
    Endpoints: 'endpoints',
    Event: 'events',
    LimitRange: 'limitranges',
    Namespace: 'namespaces',
    Node: 'nodes',
    PersistentVolume: 'persistentvolumes',
    PersistentVolumeClaim: 'persistentvolumeclaims',
    Pod: 'pods',
    PodTemplate: 'podtemplates',
    ReplicationController: 'replicationcontrollers',
    ResourceQuota: 'resourcequotas',
    Secret: 'secrets',
    Service: 'services',
    ServiceAccount: 'serviceaccounts',
  },
  'admissionregistration.k8s.io': {
    MutatingWebhookConfiguration: 'mutatingwebhookconfigurations',
    ValidatingAdmissionPolicy: 'validatingadmissionpolicies',
    ValidatingAdmissionPolicyBinding: 'validatingadmissionpolicybindings',
    ValidatingWebhookConfiguration: 'validatingwebhookconfigurations',
  },
  'apiextensions.k8s.io': { CustomResourceDefinition: 'customresourcedefinitions' },
  'apiregistration.k8s.io': { APIService: 'apiservices' },
  apps: {
    ControllerRevision: 'controllerrevisions',
    DaemonSet: 'daemonsets',
    Deployment: 'deployments',
    ReplicaSet: 'replicasets',
    StatefulSet: 'statefulsets',
  },
  autoscaling: { HorizontalPodAutoscaler: 'horizontalpodautoscalers' },
  batch: { CronJob: 'cronjobs', Job: 'jobs' },
  'certificates.k8s.io': { CertificateSigningRequest: 'certificatesigningrequests' },
  'coordination.k8s.io': { Lease: 'leases' },
  'discovery.k8s.io': { EndpointSlice: 'endpointslices' },
  'events.k8s.io': { Event: 'events' },
  'flowcontrol.apiserver.k8s.io': {
    FlowSchema: 'flowschemas',
    PriorityLevelConfiguration: 'prioritylevelconfigurations',
  },
  'networking.k8s.io': {
    Ingress: 'ingresses',
    IngressClass: 'ingressclasses',
    NetworkPolicy: 'networkpolicies',
  },
  'node.k8s.io': { RuntimeClass: 'runtimeclasses' },
  policy: { PodDisruptionBudget: 'poddisruptionbudgets' },
  'rbac.authorization.k8s.io': {
    ClusterRole: 'clusterroles',
    ClusterRoleBinding: 'clusterrolebindings',
    Role: 'roles',
    RoleBinding: 'rolebindings',
  },
  'scheduling.k8s.io': { PriorityClass: 'priorityclasses' },
  'storage.k8s.io': {
    CSIDriver: 'csidrivers',
    CSINode: 'csinodes',
    CSIStorageCapacity: 'csistoragecapacities',
    StorageClass: 'storageclasses',
    VolumeAttachment: 'volumeattachments',
  },
};

/** `Kind.group`, or `Kind` for the core group: how kinds are named in messages and DeclaredPlurals. */
export const kindKey = (k: GroupKind): string => (k.group ? `${k.kind}.${k.group}` : k.kind);

export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

export interface Resolved {
  /** Sorted by group, then resource; no duplicates. */
  readonly resources: readonly GroupResource[];
  /** Kinds with no known plural, sorted. */
  readonly unknown: readonly GroupKind[];
}

/** The plural of every kind; a built-in name wins over a CRD that redefines it. */
export function resolveResources(
  kinds: readonly GroupKind[],
  customKinds: readonly CustomKind[],
  declared: DeclaredPlurals = {},
): Resolved {
  const custom = new Map(customKinds.map((c) => [kindKey(c), c.plural]));
  const found = new Map<string, GroupResource>();
  const unknown = new Map<string, GroupKind>();
  for (const k of kinds) {
    const resource = BUILTIN[k.group]?.[k.kind] ?? custom.get(kindKey(k)) ?? declared[kindKey(k)];
    if (resource) found.set(`${k.group}/${resource}`, { group: k.group, resource });
    else unknown.set(kindKey(k), { group: k.group, kind: k.kind });
  }
  const sorted = <T>(m: Map<string, T>) => [...m.keys()].sort().map((key) => m.get(key)!);
  return { resources: sorted(found), unknown: sorted(unknown) };
}
