/**
 * The operator process in its cluster: ServiceAccount, Deployment (replicas share the environments
 * through one Lease per environment), Service (port `http`: health, metrics, webhook) and a
 * PodDisruptionBudget. The container runs the image's entry `node bin/ferry.js` with
 * `operator --namespace ferry-system --port 8080`, non-root, on a read-only root filesystem with
 * two scratch volumes (/tmp, and the cache: git snapshots, infra workspaces, PULUMI_HOME).
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SYSTEM_NAMESPACE } from '../../operator/model/environment-resource';

export const OPERATOR_PORT = 8080;
/** The process reads its Lease holder identity from this variable (the pod name). */
export const IDENTITY_ENV = 'FERRY_OPERATOR_IDENTITY';
const CACHE_DIR = '/var/cache/ferry';
/** The numeric user of the image (Dockerfile `USER 1000:1000`), so runAsNonRoot can be verified. */
const USER_ID = 1000;

export interface OperatorWorkloadProps {
  readonly name: string;
  readonly image: string;
  /** @default 2 */
  readonly replicas?: number;
}

const q = (v: string) => k8s.Quantity.fromString(v);

export class OperatorWorkload extends Construct {
  constructor(scope: Construct, id: string, props: OperatorWorkloadProps) {
    super(scope, id);
    const name = props.name;
    const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'operator' };
    const http = k8s.IntOrString.fromString('http');

    new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name, labels: selector } });

    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name, labels: selector },
      spec: {
        replicas: props.replicas ?? 2,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: selector },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: true,
            // Time to finish the current step and release the leases on SIGTERM.
            terminationGracePeriodSeconds: 60,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: USER_ID,
              runAsGroup: USER_ID,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  {
                    weight: 100,
                    podAffinityTerm: {
                      topologyKey: 'kubernetes.io/hostname',
                      labelSelector: { matchLabels: selector },
                    },
                  },
                ],
              },
            },
            containers: [
              {
                name: 'operator',
                image: props.image,
                args: ['operator', '--namespace', SYSTEM_NAMESPACE, '--port', String(OPERATOR_PORT)],
                env: [
                  { name: IDENTITY_ENV, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                  { name: 'FERRY_CACHE_DIR', value: CACHE_DIR },
                  // pulumi writes its workspace state here; the root filesystem is read-only
                  { name: 'PULUMI_HOME', value: `${CACHE_DIR}/pulumi` },
                  { name: 'NODE_OPTIONS', value: '--max-old-space-size=768' },
                ],
                ports: [{ name: 'http', containerPort: OPERATOR_PORT, protocol: 'TCP' }],
                livenessProbe: {
                  httpGet: { path: '/healthz', port: http },
                  initialDelaySeconds: 10,
                  periodSeconds: 10,
                  failureThreshold: 3,
                },
                readinessProbe: {
                  httpGet: { path: '/readyz', port: http },
                  periodSeconds: 5,
                  failureThreshold: 3,
                },
                resources: {
                  requests: { cpu: q('100m'), memory: q('256Mi') },
                  limits: { cpu: q('1'), memory: q('1Gi') },
                },
                securityContext: {
                  runAsNonRoot: true,
                  readOnlyRootFilesystem: true,
                  allowPrivilegeEscalation: false,
                  privileged: false,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [
                  { name: 'tmp', mountPath: '/tmp' },
                  { name: 'cache', mountPath: CACHE_DIR },
                ],
              },
            ],
            volumes: [
              { name: 'tmp', emptyDir: { sizeLimit: q('256Mi') } },
              { name: 'cache', emptyDir: { sizeLimit: q('2Gi') } },
            ],
          },
        },
      },
    });

    new k8s.KubeService(this, 'service', {
      metadata: { name, labels: selector },
      spec: {
        selector,
        ports: [{ name: 'http', port: OPERATOR_PORT, targetPort: http, protocol: 'TCP' }],
      },
    });

    new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
      metadata: { name, labels: selector },
      spec: { minAvailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
    });
  }
}
