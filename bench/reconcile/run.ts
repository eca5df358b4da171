/**
 * bench/reconcile: N objects (default 1,000: half ConfigMaps, half Deployments with one replica)
 * on the local control plane, timed in one run:
 *   ferry    `ferry sync` (its own process): first sync, then R no-op re-syncs
 *   kubectl  `kubectl apply --server-side -f DIR` of the same files: first apply, `kubectl wait`
 *            until every Deployment is Available, then R re-applies
 * Each tool gets a fresh control plane of its own (started here, stopped at the end, also on
 * Ctrl-C), so neither sees the other's objects or leftover controller work. Write requests are
 * counted from Ferry's summary line and from kubectl's `-v=6` request log.
 *
 * Usage: npm run bench:reconcile [-- --objects N --repeat R]
 * Not a test: it prints a markdown table with ratios (kubectl time / ferry time).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type ClusterHandle } from '../../tools/cluster';
import { ferrySync, type FerrySync } from './ferry';
import { kubectlApply, kubectlWaitAvailable, type KubectlOptions, type KubectlRun } from './kubectl';
import { writeBenchSet } from './objects';
import { killCurrent } from './process';
import { report } from './report';

const ROOT = join(__dirname, '..', '..');
const ENV = 'bench';
const NAMESPACE = 'bench';
/** Pause after a first apply so controllers finish their status updates before a re-sync is timed. */
const SETTLE_MS = 5000;

function intArg(name: string, def: number, min: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < min) {
    throw new Error(`--${name} must be an integer >= ${min} (got ${process.argv[i + 1] ?? 'nothing'})`);
  }
  return v;
}

const log = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)}s`;

function kubectlVersion(): string {
  const r = spawnSync(process.env.KUBECTL ?? 'kubectl', ['version', '--client', '-o', 'json'], {
    encoding: 'utf8',
  });
  try {
    return `kubectl ${(JSON.parse(r.stdout) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion}`;
  } catch {
    throw new Error(
      `kubectl not found or not working (set KUBECTL=/path/to/kubectl): ${r.stderr ?? r.error}`,
    );
  }
}

const clusters = new Set<ClusterHandle>();

async function stopClusters(): Promise<void> {
  for (const c of clusters) {
    log(`stopping cluster ${c.name}`);
    await c.stop();
    clusters.delete(c);
  }
}

async function withCluster<T>(name: string, fn: (kubeconfig: string) => Promise<T>): Promise<T> {
  log(`starting cluster ${name}`);
  const cluster = await startCluster({
    name,
    identity: 'local', // the bench environment's destination.cluster
    log: (l) => log(`  ${l}`),
    stopWhenProcessExits: process.pid,
  });
  clusters.add(cluster);
  try {
    return await fn(cluster.kubeconfigPath);
  } finally {
    log(`stopping cluster ${name}`);
    clusters.delete(cluster);
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  if (Number(process.versions.node.split('.')[0]) < 22) {
    throw new Error(`needs Node 22 (this is ${process.version}): run it with npx tsx or npm run`);
  }
  const objects = intArg('objects', 1000, 2);
  const repeat = intArg('repeat', 3, 1);
  const version = kubectlVersion();
  const tmp = mkdtempSync(join(tmpdir(), 'ferry-bench-reconcile-'));
  const load = new Map<string, number>();
  const step = (label: string): void => {
    load.set(label, loadavg()[0]!);
    log(`${label} (load average ${loadavg()[0]!.toFixed(2)})`);
  };
  const interrupted = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping`);
    killCurrent();
    void stopClusters().finally(() => {
      rmSync(tmp, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const set = writeBenchSet({ root: join(tmp, 'deploy'), objects, env: ENV, namespace: NAMESPACE });
    log(
      `${set.files} manifests (${set.configMaps} ConfigMaps, ${set.deployments} Deployments, 1 Namespace); ` +
        `${availableParallelism()} cores; ${version}`,
    );

    const ferry = await withCluster('bench-reconcile-ferry', async (kubeconfig) => {
      const opts = { root: ROOT, env: ENV, envDir: set.envDir, kubeconfig, log };
      step('ferry first sync');
      const first = await ferrySync({ ...opts, label: 'ferry first sync' });
      log(`  done in ${secs(first.ms)}: ${first.writes} writes, ${first.reads} reads — ${first.message}`);
      await sleep(SETTLE_MS);
      const noop: FerrySync[] = [];
      for (let i = 1; i <= repeat; i++) {
        step(`ferry no-op re-sync ${i}/${repeat}`);
        const r = await ferrySync({ ...opts, label: `ferry re-sync ${i}` });
        log(`  done in ${secs(r.ms)}: ${r.writes} writes, ${r.dryRuns} dry runs, ${r.reads} reads`);
        noop.push(r);
      }
      return { first, noop };
    });

    const kubectl = await withCluster('bench-reconcile-kubectl', async (kubeconfig) => {
      const opts: Omit<KubectlOptions, 'label'> = { kubeconfig, cacheDir: join(tmp, 'kubectl-cache'), log };
      step('kubectl first apply');
      const first = await kubectlApply({ ...opts, label: 'kubectl first apply' }, set.manifestsDir);
      log(`  done in ${secs(first.ms)}: ${first.writes} writes, ${first.reads} reads`);
      step('kubectl wait Available');
      const wait = await kubectlWaitAvailable({ ...opts, label: 'kubectl wait' }, NAMESPACE);
      log(`  done in ${secs(wait.ms)}`);
      await sleep(SETTLE_MS);
      const reapply: KubectlRun[] = [];
      for (let i = 1; i <= repeat; i++) {
        step(`kubectl re-apply ${i}/${repeat}`);
        const r = await kubectlApply({ ...opts, label: `kubectl re-apply ${i}` }, set.manifestsDir);
        log(`  done in ${secs(r.ms)}: ${r.writes} writes, ${r.reads} reads`);
        reapply.push(r);
      }
      return { first, wait, reapply };
    });

    const lines = report({
      objects,
      configMaps: set.configMaps,
      deployments: set.deployments,
      cores: availableParallelism(),
      repeat,
      load,
      kubectlVersion: version,
      ferryFirst: ferry.first,
      ferryNoop: ferry.noop,
      kubectlFirst: kubectl.first,
      kubectlWait: kubectl.wait,
      kubectlReapply: kubectl.reapply,
    });
    process.stdout.write(`\n${lines.join('\n')}\n`);
  } finally {
    await stopClusters();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/reconcile: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
