/**
 * (d) Scale: one environment of N objects (default 10,000: a Namespace, 5 % Deployments on KWOK
 * nodes, the rest ConfigMaps): the operator's first sync (to Synced and healthy), a no-op resync
 * (a "sync now" request; its duration from ferry_sync_duration_seconds) and the operator's RSS
 * (right after the resync, and after a minute idle) —
 * beside `kubectl apply --server-side` of the same objects in another namespace (first apply,
 * re-apply), on the same control plane.
 */
import { join } from 'node:path';
import { applyEnvironment, BenchRepo, configMap, deployment, kubectl, namespace } from './setup';

export interface ScaleOptions {
  readonly kubeconfig: string;
  readonly repo: BenchRepo;
  readonly port: number;
  readonly objects: number;
  readonly log: (line: string) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function objectsOf(ns: string, n: number): object[] {
  const out: object[] = [namespace(ns)];
  const deployments = Math.floor(n / 20); // 500 of 10,000: the KWOK node holds 1,000 pods
  for (let i = 0; i < deployments; i++) out.push(deployment(ns, `d${i}`, `ghcr.io/acme-shop/d${i}:1`));
  while (out.length < n) out.push(configMap(ns, `c${out.length}`));
  return out;
}

function metric(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

async function statusOf(kubeconfig: string): Promise<string> {
  return kubectl(kubeconfig, [
    'get',
    'environment',
    'scale',
    '-n',
    'ferry-system',
    '-o',
    'jsonpath={.status.sync}/{.status.health}/{.status.lastHandledRequest}',
  ]);
}

export async function scale(o: ScaleOptions): Promise<string[]> {
  o.repo.writeFolder('scale', 'scale', objectsOf('scale', o.objects));
  o.repo.writeFolder('scale-kubectl', 'scale-kubectl', objectsOf('scale-kubectl', o.objects));
  o.repo.commit('scale environment');
  const t0 = performance.now();
  applyEnvironment(o.kubeconfig, o.repo.url, 'scale', 'scale', '1h');
  while (!(await statusOf(o.kubeconfig)).startsWith('Synced/Current')) {
    if (performance.now() - t0 > 30 * 60_000)
      throw new Error('the scale environment did not sync in 30 minutes');
    await sleep(500);
  }
  const first = (performance.now() - t0) / 1000;
  o.log(`ferry: ${o.objects} objects synced and healthy in ${first.toFixed(1)}s; settling 15s`);
  await sleep(15_000);
  const metrics = async () => (await fetch(`http://127.0.0.1:${o.port}/metrics`)).text();
  const m0 = await metrics();
  const request = new Date().toISOString();
  kubectl(o.kubeconfig, [
    'annotate',
    'environment',
    'scale',
    '-n',
    'ferry-system',
    '--overwrite',
    `ferry.dev/sync-requested-at=${request}`,
  ]);
  while (!(await statusOf(o.kubeconfig)).endsWith(`/${request}`)) await sleep(200);
  const m1 = await metrics();
  const labels = 'environment="scale"';
  const noop =
    metric(m1, 'ferry_sync_duration_seconds_sum', labels) -
    metric(m0, 'ferry_sync_duration_seconds_sum', labels);
  const writes = ['create', 'patch', 'update', 'delete'].reduce(
    (n, verb) =>
      n +
      [
        ...m1.matchAll(
          new RegExp(`^ferry_kube_requests_total\\{verb="${verb}",resource="([^"]+)"\\} (\\S+)$`, 'gm'),
        ),
      ]
        .filter(
          (m) =>
            !m[1]!.startsWith('environments') && !m[1]!.startsWith('events') && !m[1]!.startsWith('leases'),
        )
        .reduce(
          (a, m) =>
            a + Number(m[2]) - metric(m0, 'ferry_kube_requests_total', `verb="${verb}",resource="${m[1]}"`),
          0,
        ),
    0,
  );
  const rss = metric(m1, 'process_resident_memory_bytes') / 2 ** 20;
  o.log(`ferry: no-op resync ${noop.toFixed(1)}s, ${writes} object writes; RSS ${rss.toFixed(0)} MiB`);
  // Right after a sync the RSS is its high-water mark (the live state of every object was read);
  // what the operator holds between syncs is measured once it has been idle for a minute.
  await sleep(60_000);
  const m2 = await metrics();
  const settled = metric(m2, 'process_resident_memory_bytes') / 2 ** 20;
  const heap = metric(m2, 'nodejs_heap_size_used_bytes') / 2 ** 20;
  o.log(`ferry: after a minute idle RSS ${settled.toFixed(0)} MiB, heap used ${heap.toFixed(0)} MiB`);

  const manifests = join(o.repo.folder('scale-kubectl'), 'manifests');
  const apply = () => {
    const t = performance.now();
    kubectl(o.kubeconfig, ['apply', '--server-side', '-f', manifests]);
    return (performance.now() - t) / 1000;
  };
  o.log('kubectl apply --server-side (first)');
  const kFirst = apply();
  o.log(`  ${kFirst.toFixed(1)}s; re-apply`);
  const kAgain = apply();
  o.log(`  ${kAgain.toFixed(1)}s`);
  return [
    `| (d) one environment of ${o.objects} objects | Ferry operator | \`kubectl apply --server-side\` |`,
    '|---|---:|---:|',
    `| first sync | ${first.toFixed(1)} s (to Synced and healthy) | ${kFirst.toFixed(1)} s (apply only, no wait) |`,
    `| no-op resync | ${noop.toFixed(1)} s, ${writes} object writes | ${kAgain.toFixed(1)} s (re-apply, every object written) |`,
    `| operator RSS right after the resync (its high-water mark) | ${rss.toFixed(0)} MiB | — |`,
    `| operator RSS after a minute idle (heap used) | ${settled.toFixed(0)} MiB (${heap.toFixed(0)} MiB) | — |`,
  ];
}
