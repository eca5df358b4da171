/**
 * bench/operator: how fast the operator (its own process, `ferry operator`) reacts, on a fresh
 * local control plane:
 *   (a) commit → applied: N commits each changing one image tag; from the push to the Deployment
 *       carrying the new tag — with the webhook (a generic push POSTed right after `git push`)
 *       and with polling only (`git ls-remote` every --poll-interval, default 15 s)
 *   (b) drift → reverted: N `kubectl scale` of the owned Deployment; from kubectl's return to
 *       replicas back at 1 (selfHeal: true; the Environment's interval is 10 m, so only the
 *       drift watch can be the cause)
 * Reads go through Ferry's own API client every 20 ms. Not a test: prints a markdown table.
 *
 *   (c) idle cost: 20 environments × 100 objects synced, then a minute alone (idle.ts)
 *   (d) scale: one environment of 10,000 objects beside `kubectl apply --server-side` (scale.ts)
 * Usage: npm run bench:operator [-- --commits N --drifts N --poll-interval 15s --only latency|idle|scale
 *        --environments 20 --objects 100 --window 60]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Discovery, KubeClient, KubeObjects } from '../../operator/adapters/kube';
import { startCluster } from '../../tools/cluster';
import { idleCost } from './idle';
import { scale } from './scale';
import { applyEnvironment, BenchRepo, installBasics, kubectl, NAMESPACE, WEBHOOK_SECRET } from './setup';

const ROOT = join(__dirname, '..', '..');
const log = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? def : (process.argv[i + 1] ?? def);
}
function intArg(name: string, def: number): number {
  const v = Number(arg(name, String(def)));
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  return v;
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

async function until(what: string, ok: () => Promise<boolean>, timeoutMs = 120_000): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await ok()) return performance.now() - start;
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function main(): Promise<void> {
  const commits = intArg('commits', 20);
  const drifts = intArg('drifts', 20);
  const pollInterval = arg('poll-interval', '15s');
  const only = arg('only', 'all');
  const tmp = mkdtempSync(join(tmpdir(), 'ferry-bench-operator-'));
  const cluster = await startCluster({
    name: 'bench-operator',
    identity: 'local',
    log: (l) => log(`  ${l}`),
    stopWhenProcessExits: process.pid,
  });
  const kubeconfig = cluster.kubeconfigPath;
  let operatorLog = '';
  const operator = spawn(
    join(ROOT, 'node_modules/.bin/node'),
    [
      join(ROOT, 'bin/ferry.js'),
      'operator',
      '--kubeconfig',
      kubeconfig,
      '--port',
      '0',
      '--identity',
      'bench',
      '--fight-limit',
      '1000',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
  );
  operator.stdout.on('data', (b: Buffer) => (operatorLog += b.toString()));
  operator.stderr.on('data', (b: Buffer) => (operatorLog += b.toString()));
  const stop = async () => {
    if (operator.exitCode === null) operator.kill('SIGTERM');
    await cluster.stop();
    rmSync(tmp, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  try {
    const client = await KubeClient.fromKubeconfig(kubeconfig);
    const discovery = new Discovery(client);
    await discovery.refresh();
    const kube = new KubeObjects(client, discovery);
    const deployment = async () =>
      (await kube.get({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', namespace: NAMESPACE },
      })) as
        { spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } } | undefined;
    const image = async () => (await deployment())?.spec.template.spec.containers[0]?.image;

    await installBasics(kubeconfig, tmp);
    const repo = new BenchRepo(tmp);
    repo.publish('v0');
    applyEnvironment(kubeconfig, repo.url);
    await until('the first sync', async () => (await image()) === 'ghcr.io/acme-shop/api:v0');
    const port = Number(/on :(\d+)/.exec(operatorLog)?.[1]);
    log(`operator on :${port}; first sync done`);

    const latency = async (): Promise<string[]> => {
      const commitLatency = async (label: string, viaWebhook: boolean, tag: (i: number) => string) => {
        const ms: number[] = [];
        for (let i = 1; i <= commits; i++) {
          repo.publish(tag(i));
          const t0 = performance.now();
          if (viaWebhook) {
            const res = await fetch(`http://127.0.0.1:${port}/webhook`, {
              method: 'POST',
              headers: { Authorization: `Bearer ${WEBHOOK_SECRET}` },
              body: JSON.stringify({ repo: repo.url, branch: 'deploy' }),
            });
            if (res.status !== 202) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
          }
          const want = `ghcr.io/acme-shop/api:${tag(i)}`;
          await until(`${label} commit ${i}`, async () => (await image()) === want);
          ms.push(performance.now() - t0);
          log(`${label} ${i}/${commits}: ${(ms.at(-1)! / 1000).toFixed(2)}s`);
        }
        return ms;
      };
      const webhook = await commitLatency('webhook', true, (i) => `w${i}`);
      const polling = await commitLatency(`polling (${pollInterval})`, false, (i) => `p${i}`);

      const drift: number[] = [];
      for (let i = 1; i <= drifts; i++) {
        kubectl(kubeconfig, ['scale', 'deployment', 'api', '-n', NAMESPACE, '--replicas=3']);
        const t0 = performance.now();
        await until(`drift ${i} reverted`, async () => (await deployment())?.spec.replicas === 1);
        drift.push(performance.now() - t0);
        log(`drift ${i}/${drifts}: ${(drift.at(-1)! / 1000).toFixed(2)}s`);
        await sleep(200); // the fight guard is raised (--fight-limit 1000): these reverts are the point
      }

      const row = (what: string, xs: number[], target: string) =>
        `| ${what} | ${xs.length} | ${(percentile(xs, 50) / 1000).toFixed(2)} s | ${(percentile(xs, 95) / 1000).toFixed(2)} s | ${(Math.max(...xs) / 1000).toFixed(2)} s | ${target} |`;
      return [
        '| measurement | n | p50 | p95 | max | target |',
        '|---|---:|---:|---:|---:|---|',
        row('commit → applied, webhook', webhook, '≤ 2 s p95'),
        row(`commit → applied, polling every ${pollInterval}`, polling, `within one poll interval`),
        row('`kubectl scale` → reverted (drift watch)', drift, '≤ 1 s p95'),
      ];
    };
    const lines = [
      ...(only === 'idle' || only === 'scale' ? [] : await latency()),
      '',
      ...(only === 'scale'
        ? await scale({ kubeconfig, repo, port, objects: intArg('scale-objects', 10_000), log })
        : []),
      '',
      ...(only === 'latency' || only === 'scale'
        ? []
        : await idleCost({
            kubeconfig,
            repo,
            port,
            environments: intArg('environments', 20),
            objects: intArg('objects', 100),
            windowMs: intArg('window', 60) * 1000,
            log,
          })),
      '',
      `${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(2)} at the end`,
    ];
    process.stdout.write(`\n${lines.join('\n')}\n`);
  } catch (err) {
    process.stderr.write(operatorLog.split('\n').slice(-30).join('\n'));
    throw err;
  } finally {
    await stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/operator: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
