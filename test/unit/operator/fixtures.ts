/** Builders for desired and live objects used across the operator unit tests. */
import { parseManifests } from '../../../operator/manifests';
import type { DesiredObject, KubeObject } from '../../../operator/model';

const API_VERSIONS: Readonly<Record<string, string>> = {
  Namespace: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Service: 'v1',
  ServiceAccount: 'v1',
  PersistentVolumeClaim: 'v1',
  Pod: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Ingress: 'networking.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  CustomResourceDefinition: 'apiextensions.k8s.io/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
};

export interface ObjOptions {
  readonly namespace?: string | null;
  readonly apiVersion?: string;
  readonly annotations?: Record<string, string>;
  readonly spec?: Record<string, unknown>;
  readonly status?: Record<string, unknown>;
  readonly metadata?: Record<string, unknown>;
}

const CLUSTER_SCOPED = new Set(['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'StorageClass']);

/** A manifest; namespaced kinds default to namespace `shop-dev` (pass `namespace: null` to omit). */
export function manifest(kind: string, name: string, o: ObjOptions = {}): KubeObject {
  const namespace =
    o.namespace === undefined ? (CLUSTER_SCOPED.has(kind) ? undefined : 'shop-dev') : o.namespace;
  return {
    apiVersion: o.apiVersion ?? API_VERSIONS[kind] ?? 'example.com/v1',
    kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(o.annotations ? { annotations: o.annotations } : {}),
      ...o.metadata,
    },
    ...(o.spec ? { spec: o.spec } : {}),
    ...(o.status ? { status: o.status } : {}),
  };
}

/** A desired object, parsed through the real manifest parser. */
export function desired(kind: string, name: string, o: ObjOptions = {}): DesiredObject {
  const m = manifest(kind, name, o);
  const ns = m.metadata.namespace ?? '_cluster';
  const [object] = parseManifests([
    { path: `manifests/${ns}--${kind.toLowerCase()}--${name}.yaml`, content: JSON.stringify(m) },
  ]);
  return object!;
}

/** A CRD defining `<kind>` in group `example.com`. */
export function crd(
  kind: string,
  o: { scope?: 'Namespaced' | 'Cluster'; annotations?: Record<string, string> } = {},
) {
  return desired('CustomResourceDefinition', `${kind.toLowerCase()}s.example.com`, {
    annotations: o.annotations,
    spec: {
      group: 'example.com',
      names: { kind, plural: `${kind.toLowerCase()}s` },
      scope: o.scope ?? 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true }],
    },
  });
}

export const wave = (n: number): Record<string, string> => ({ 'ferry.dev/sync-wave': String(n) });
export const hook = (phases: string, policy?: string): Record<string, string> => ({
  'ferry.dev/hook': phases,
  ...(policy ? { 'ferry.dev/hook-delete-policy': policy } : {}),
});
