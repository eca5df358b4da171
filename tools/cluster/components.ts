/** Command lines of the control-plane components, all bound to 127.0.0.1 on the chosen ports. */
import { join } from 'node:path';
import { SERVICE_CLUSTER_IP_RANGE, type Pki } from './pki';
import type { ClusterPorts } from './state';
import type { Toolchain } from './toolchain';

export type ComponentName = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok';

export interface ComponentSpec {
  readonly name: ComponentName;
  readonly binary: string;
  readonly args: readonly string[];
  /** An unauthenticated health endpoint answering 200 once the component serves. */
  readonly healthUrl?: string;
}

export interface Layout {
  readonly clusterName: string;
  readonly dir: string;
  readonly kubeconfig: string;
  readonly kwokConfig: string;
  readonly ports: ClusterPorts;
  readonly pki: Pki;
}

export function etcdSpec(tc: Toolchain, l: Layout): ComponentSpec {
  const client = `http://127.0.0.1:${l.ports.etcdClient}`;
  const peer = `http://127.0.0.1:${l.ports.etcdPeer}`;
  return {
    name: 'etcd',
    binary: tc.etcd,
    args: [
      `--name=${l.clusterName}`,
      `--data-dir=${join(l.dir, 'etcd')}`,
      `--listen-client-urls=${client}`,
      `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=${l.clusterName}=${peer}`,
      '--unsafe-no-fsync=true',
      '--log-level=warn',
    ],
    healthUrl: `${client}/health`,
  };
}

export function apiserverSpec(tc: Toolchain, l: Layout): ComponentSpec {
  return {
    name: 'kube-apiserver',
    binary: tc.kubeApiserver,
    args: [
      `--etcd-servers=http://127.0.0.1:${l.ports.etcdClient}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${l.ports.apiserver}`,
      `--cert-dir=${join(l.dir, 'pki', 'apiserver-generated')}`,
      `--tls-cert-file=${l.pki.servingCert}`,
      `--tls-private-key-file=${l.pki.servingKey}`,
      `--client-ca-file=${l.pki.caCert}`,
      '--authorization-mode=RBAC',
      '--allow-privileged=true',
      `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${l.pki.serviceAccountPub}`,
      `--service-account-signing-key-file=${l.pki.serviceAccountKey}`,
      // Endpoints may not hold loopback addresses; nothing in the cluster calls the apiserver via the Service.
      '--endpoint-reconciler-type=none',
      '--profiling=false',
      '--v=1',
    ],
  };
}

function componentServing(l: Layout, port: number): string[] {
  return [
    `--kubeconfig=${l.kubeconfig}`,
    `--authentication-kubeconfig=${l.kubeconfig}`,
    `--authorization-kubeconfig=${l.kubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    `--cert-dir=${join(l.dir, 'pki', 'generated')}`,
    '--leader-elect=false',
    '--profiling=false',
    // client-go's default client rate limit (20 qps, burst 30) would make the controllers, not
    // the API server or the tool under test, set the pace with hundreds of objects.
    '--kube-api-qps=200',
    '--kube-api-burst=400',
  ];
}

export function controllerManagerSpec(tc: Toolchain, l: Layout): ComponentSpec {
  return {
    name: 'kube-controller-manager',
    binary: tc.kubeControllerManager,
    args: [
      ...componentServing(l, l.ports.controllerManager),
      `--cluster-name=${l.clusterName}`,
      `--service-account-private-key-file=${l.pki.serviceAccountKey}`,
      `--root-ca-file=${l.pki.caCert}`,
      `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
      // All on-by-default controllers (deployment, replicaset, job, namespace, garbage collector,
      // serviceaccount, ...). Without a cloud provider there is no service-lb/node-route work.
      '--controllers=*',
      '--use-service-account-credentials=false',
      '--v=1',
    ],
    healthUrl: `https://127.0.0.1:${l.ports.controllerManager}/healthz`,
  };
}

export function schedulerSpec(tc: Toolchain, l: Layout): ComponentSpec {
  return {
    name: 'kube-scheduler',
    binary: tc.kubeScheduler,
    args: [...componentServing(l, l.ports.scheduler), '--v=1'],
    healthUrl: `https://127.0.0.1:${l.ports.scheduler}/healthz`,
  };
}

export function kwokSpec(tc: Toolchain, l: Layout): ComponentSpec {
  return {
    name: 'kwok',
    binary: tc.kwok,
    args: [
      `--kubeconfig=${l.kubeconfig}`,
      `--config=${l.kwokConfig}`,
      '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      `--server-address=127.0.0.1:${l.ports.kwok}`,
      '--node-lease-duration-seconds=40',
      '--cidr=10.244.0.0/16',
      '--node-ip=127.0.0.1',
    ],
    healthUrl: `http://127.0.0.1:${l.ports.kwok}/healthz`,
  };
}
