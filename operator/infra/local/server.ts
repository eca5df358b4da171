/**
 * One in-cluster server of the local target: a single-replica StatefulSet (with a claim, or an
 * emptyDir when the target's storage is ephemeral) and a ClusterIP Service in front of it.
 *
 * Pulumi does not wait for the server to become ready (`pulumi.com/skipAwait`): the claim may wait
 * for a volume and the image for a pull, and the sync's health checks already watch the app that
 * uses it. `ferry infra up` returns once the objects are accepted.
 */
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { InfraDescription, LocalTargetSpec } from '../../model';
import { infraLabels, type KubeContext } from '../kube';

export interface ServerSpec {
  /** StatefulSet and Service name. */
  readonly name: string;
  readonly port: number;
  /** The server container (volume `data` is mounted by the caller's volumeMounts). */
  readonly container: k8s.types.input.core.v1.Container;
  readonly initContainers?: k8s.types.input.core.v1.Container[];
  /** Size of the data volume. */
  readonly storageGiB: number;
  /** Pod security context (the image's user). */
  readonly runAsUser: number;
}

export function inClusterHost(d: InfraDescription, name: string): string {
  return `${name}.${d.namespace}.svc.cluster.local`;
}

export function localServer(
  d: InfraDescription & { target: LocalTargetSpec },
  kube: KubeContext,
  spec: ServerSpec,
  parent: pulumi.Resource,
): { service: k8s.core.v1.Service; statefulSet: k8s.apps.v1.StatefulSet } {
  const selector = { 'app.kubernetes.io/name': spec.name, 'ferry.dev/infra': d.environment };
  const labels = infraLabels(d, { 'app.kubernetes.io/name': spec.name });
  const opts = { provider: kube.provider, parent };
  const service = new k8s.core.v1.Service(
    spec.name,
    {
      metadata: { name: spec.name, namespace: kube.namespace, labels },
      spec: {
        selector,
        ports: [{ name: 'server', port: spec.port, targetPort: spec.port }],
      },
    },
    opts,
  );
  const persistent = d.target.storage === 'persistent';
  const statefulSet = new k8s.apps.v1.StatefulSet(
    spec.name,
    {
      metadata: {
        name: spec.name,
        namespace: kube.namespace,
        labels,
        annotations: { 'pulumi.com/skipAwait': 'true' },
      },
      spec: {
        serviceName: spec.name,
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...labels, ...selector } },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: spec.runAsUser, fsGroup: spec.runAsUser },
            initContainers: spec.initContainers,
            containers: [spec.container],
            volumes: persistent ? undefined : [{ name: 'data', emptyDir: {} }],
          },
        },
        volumeClaimTemplates: persistent
          ? [
              {
                metadata: { name: 'data' },
                spec: {
                  accessModes: ['ReadWriteOnce'],
                  storageClassName: d.target.storageClass ?? undefined,
                  resources: { requests: { storage: `${spec.storageGiB}Gi` } },
                },
              },
            ]
          : undefined,
      },
    },
    opts,
  );
  return { service, statefulSet };
}

/** Modest requests and limits for a development server. */
export const SERVER_RESOURCES = {
  requests: { cpu: '50m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '512Mi' },
};

export const RESTRICTED = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
};
