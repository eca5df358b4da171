/**
 * startCluster / stopCluster / clusterStatus: a loopback Kubernetes control plane (etcd,
 * kube-apiserver, kube-controller-manager, kube-scheduler) plus KWOK faking one node, built from
 * the Go binaries of tools/build.sh. See README.md in this folder.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminClient } from './api';
import {
  apiserverSpec,
  controllerManagerSpec,
  etcdSpec,
  kwokSpec,
  schedulerSpec,
  type ComponentSpec,
  type Layout,
} from './components';
import { writeKubeconfig } from './kubeconfig';
import { kwokConfig } from './kwok-stages';
import { generatePki } from './pki';
import { assertPortFree, freePorts } from './ports';
import { isAlive, startProcess, stopProcesses, type RunningProcess } from './processes';
import { waitForComponent, waitForCluster } from './readiness';
import {
  assertClusterName,
  clusterDir,
  defaultStateRoot,
  listRecords,
  readRecord,
  writeRecord,
  type ClusterPorts,
  type ClusterRecord,
} from './state';
import { assertBinaries, controlPlaneBinaries, toolchain, type Toolchain } from './toolchain';
import { startWatchdog } from './watchdog';

export const NODE_NAME = 'kwok-node-0';

export interface StartClusterOptions {
  readonly name: string;
  /** Folder holding one state folder per cluster. @default defaultStateRoot() (~/.local/state/ferry/clusters) */
  readonly dir?: string;
  /** Receives progress lines ("etcd ready in 1.2s"). @default no output */
  readonly log?: (line: string) => void;
  /** Stop the cluster when this pid exits, even if it is SIGKILLed. @default none: the cluster outlives the caller */
  readonly stopWhenProcessExits?: number;
  /** The binaries to run. @default toolchain() (tools/versions.env and the tools cache) */
  readonly toolchain?: Toolchain;
  /** Overall startup deadline. @default 120000 */
  readonly timeoutMs?: number;
  /**
   * The Ferry cluster name recorded in the cluster (ConfigMap ferry-system/ferry-cluster), which
   * environments' `destination.cluster` must match. @default the cluster name
   */
  readonly identity?: string;
}

export interface ClusterHandle {
  readonly name: string;
  readonly dir: string;
  readonly kubeconfigPath: string;
  readonly apiserverUrl: string;
  readonly nodeName: string;
  stop(): Promise<void>;
}

export interface StopClusterOptions {
  readonly dir?: string;
  /** Keep logs/ after stopping (everything else is removed). @default false */
  readonly keepLogs?: boolean;
}

export interface ComponentStatus {
  readonly component: string;
  readonly pid: number;
  readonly alive: boolean;
  readonly log: string;
}

export interface ClusterStatus {
  readonly name: string;
  readonly dir: string;
  readonly kubeconfig: string;
  readonly apiserverUrl: string;
  readonly startedAt: string;
  readonly components: readonly ComponentStatus[];
  /** running: every component alive; degraded: some dead; stopped: none alive. */
  readonly state: 'running' | 'degraded' | 'stopped';
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

/** The cluster's Ferry name, as `ferry cluster identify` records it (operator/inventory/identity.ts). */
async function recordIdentity(client: AdminClient, name: string): Promise<void> {
  const ns = await client.request('POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'ferry-system' },
  });
  const cm = await client.request('POST', '/api/v1/namespaces/ferry-system/configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'ferry-cluster', labels: { 'app.kubernetes.io/managed-by': 'ferry' } },
    data: { name },
  });
  for (const r of [ns, cm]) {
    if (r.status !== 201 && r.status !== 409) {
      throw new Error(
        `[cluster] recording the cluster name failed: HTTP ${r.status} ${r.body.slice(0, 300)}`,
      );
    }
  }
}

function anyAlive(record: ClusterRecord): boolean {
  return [...record.processes, ...(record.watchdog ? [record.watchdog] : [])].some((p) => isAlive(p.pid));
}

export async function startCluster(opts: StartClusterOptions): Promise<ClusterHandle> {
  assertClusterName(opts.name);
  const log = opts.log ?? ((): void => undefined);
  const tc = opts.toolchain ?? toolchain();
  assertBinaries(`cluster ${opts.name}`, controlPlaneBinaries(tc));
  const root = opts.dir ?? defaultStateRoot();
  const dir = clusterDir(root, opts.name);
  const previous = readRecord(dir);
  if (previous && anyAlive(previous)) {
    throw new Error(
      `[cluster ${opts.name}] is already running (kubeconfig ${previous.kubeconfig}); ` +
        `stop it with \`ferry cluster down --name ${opts.name}\``,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });

  const began = Date.now();
  const deadline = began + (opts.timeoutMs ?? 120_000);
  const [etcdClient, etcdPeer, apiserver, controllerManager, scheduler, kwok] = await freePorts(6);
  const ports: ClusterPorts = { etcdClient, etcdPeer, apiserver, controllerManager, scheduler, kwok };
  const pki = generatePki(join(dir, 'pki'), opts.name);
  const apiserverUrl = `https://127.0.0.1:${ports.apiserver}`;
  const layout: Layout = {
    clusterName: opts.name,
    dir,
    kubeconfig: join(dir, 'kubeconfig'),
    kwokConfig: join(dir, 'kwok.yaml'),
    ports,
    pki,
  };
  writeKubeconfig(layout.kubeconfig, opts.name, apiserverUrl, pki);
  writeFileSync(layout.kwokConfig, kwokConfig());

  let record: ClusterRecord = {
    name: opts.name,
    dir,
    kubeconfig: layout.kubeconfig,
    apiserverUrl,
    startedAt: new Date().toISOString(),
    ports,
    processes: [],
  };
  writeRecord(record);
  if (opts.stopWhenProcessExits !== undefined) {
    record = {
      ...record,
      watchdog: startWatchdog(dir, opts.stopWhenProcessExits, join(dir, 'logs', 'watchdog.log')),
    };
    writeRecord(record);
  }
  const start = async (spec: ComponentSpec, port: number): Promise<RunningProcess> => {
    await assertPortFree(port, spec.name);
    const proc = startProcess(spec.name, spec.binary, spec.args, join(dir, 'logs', `${spec.name}.log`));
    record = { ...record, processes: [...record.processes, proc] };
    writeRecord(record);
    return proc;
  };
  const client = new AdminClient(apiserverUrl, pki);

  try {
    await assertPortFree(ports.etcdPeer, 'etcd');
    const etcd = await start(etcdSpec(tc, layout), ports.etcdClient);
    await waitForComponent(etcd, { url: etcdSpec(tc, layout).healthUrl, deadline }, began, log);
    const apiStarted = Date.now();
    const api = await start(apiserverSpec(tc, layout), ports.apiserver);
    await waitForComponent(api, { client, path: '/readyz', deadline, others: [etcd] }, apiStarted, log);

    const rest: Array<[ComponentSpec, number]> = [
      [controllerManagerSpec(tc, layout), ports.controllerManager],
      [schedulerSpec(tc, layout), ports.scheduler],
      [kwokSpec(tc, layout), ports.kwok],
    ];
    const restStarted = Date.now();
    const procs: RunningProcess[] = [];
    for (const [spec, port] of rest) procs.push(await start(spec, port));
    await Promise.all(
      procs.map((p, i) =>
        waitForComponent(p, { url: rest[i]?.[0].healthUrl, deadline, others: [etcd, api] }, restStarted, log),
      ),
    );
    await waitForCluster(client, NODE_NAME, record.processes, deadline, log);
    await recordIdentity(client, opts.identity ?? opts.name);
    log(`cluster ${opts.name} ready in ${seconds(Date.now() - began)} (${apiserverUrl})`);
  } catch (err) {
    await stopProcesses([...record.processes, ...(record.watchdog ? [record.watchdog] : [])].reverse(), 3000);
    rmSync(join(dir, 'pids.json'), { force: true });
    rmSync(join(dir, 'pgids'), { force: true });
    throw err;
  }
  return handleFor(record, root);
}

function handleFor(record: ClusterRecord, root: string): ClusterHandle {
  return {
    name: record.name,
    dir: record.dir,
    kubeconfigPath: record.kubeconfig,
    apiserverUrl: record.apiserverUrl,
    nodeName: NODE_NAME,
    stop: async () => {
      await stopCluster(record.name, { dir: root });
    },
  };
}

/**
 * Stops every process group of the cluster (SIGTERM, SIGKILL after 5 s), verifies none is left and
 * removes its state folder. Returns false when no such cluster was recorded.
 */
export async function stopCluster(name: string, opts: StopClusterOptions = {}): Promise<boolean> {
  assertClusterName(name);
  const dir = clusterDir(opts.dir ?? defaultStateRoot(), name);
  const record = readRecord(dir);
  if (!record) return false;
  const procs = [...record.processes].reverse();
  // The pgids file goes first, so the watchdog exits instead of racing us.
  rmSync(join(dir, 'pgids'), { force: true });
  const left = await stopProcesses([...procs, ...(record.watchdog ? [record.watchdog] : [])]);
  if (left.length > 0) {
    throw new Error(`[cluster ${name}] processes survived SIGKILL: ${left.join(', ')}`);
  }
  if (opts.keepLogs) {
    for (const entry of ['etcd', 'pki', 'kubeconfig', 'kwok.yaml', 'pids.json']) {
      rmSync(join(dir, entry), { recursive: true, force: true });
    }
  } else {
    rmSync(dir, { recursive: true, force: true });
  }
  return true;
}

/** The recorded clusters (or one of them) and whether each component is alive. */
export function clusterStatus(opts: { name?: string; dir?: string } = {}): ClusterStatus[] {
  const root = opts.dir ?? defaultStateRoot();
  const records = opts.name ? [readRecord(clusterDir(root, opts.name))] : listRecords(root);
  return records
    .filter((r): r is ClusterRecord => r !== undefined)
    .map((r) => {
      const components = [...r.processes, ...(r.watchdog ? [r.watchdog] : [])].map((p) => ({
        component: p.component,
        pid: p.pid,
        alive: isAlive(p.pid),
        log: p.log,
      }));
      const alive = components.filter((c) => c.alive).length;
      const state =
        alive === components.length && alive > 0 ? 'running' : alive === 0 ? 'stopped' : 'degraded';
      return {
        name: r.name,
        dir: r.dir,
        kubeconfig: r.kubeconfig,
        apiserverUrl: r.apiserverUrl,
        startedAt: r.startedAt,
        components,
        state,
      };
    });
}
