/**
 * (c) Idle cost: E environments × N objects (a Namespace, Deployments and ConfigMaps) synced, then
 * the operator left alone for a window: API requests per minute by kind of verb, git requests,
 * CPU and RSS, read from the operator's own /metrics. The environments keep the default interval
 * (1m), so the window includes their periodic drift checks; the target is zero writes.
 */
import { applyEnvironment, BenchRepo, configMap, deployment, kubectl, namespace } from './setup';

export interface IdleOptions {
  readonly kubeconfig: string;
  readonly repo: BenchRepo;
  readonly port: number;
  readonly environments: number;
  readonly objects: number;
  readonly windowMs: number;
  readonly log: (line: string) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sum of the series of `name` whose label text matches `labels`. */
function sum(text: string, name: string, labels: RegExp = /.*/): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (m && m[1] === name && labels.test(m[2] ?? '')) total += Number(m[3]);
  }
  return total;
}

export async function idleCost(o: IdleOptions): Promise<string[]> {
  const names = Array.from({ length: o.environments }, (_, i) => `idle-${i}`);
  for (const name of names) {
    const objs: object[] = [namespace(name)];
    const deployments = Math.max(1, Math.floor((o.objects - 1) / 10));
    for (let i = 0; i < deployments; i++) objs.push(deployment(name, `d${i}`, `ghcr.io/acme-shop/d${i}:1`));
    while (objs.length < o.objects) objs.push(configMap(name, `c${objs.length}`));
    o.repo.writeFolder(name, name, objs);
  }
  o.repo.commit('idle environments');
  const started = performance.now();
  for (const name of names) applyEnvironment(o.kubeconfig, o.repo.url, name, name, '1m');
  for (;;) {
    const out = kubectl(o.kubeconfig, [
      'get',
      'environments',
      '-n',
      'ferry-system',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.status.sync}/{.status.health}{"\\n"}{end}',
    ]);
    const ready = out.split('\n').filter((l) => /^idle-\d+=Synced\/Current$/.test(l)).length;
    if (ready === names.length) break;
    if (performance.now() - started > 15 * 60_000) throw new Error(`only ${ready} idle environments synced`);
    await sleep(1000);
  }
  const syncSeconds = (performance.now() - started) / 1000;
  o.log(
    `${names.length} × ${o.objects} objects synced and healthy in ${syncSeconds.toFixed(1)}s; settling 15s`,
  );
  await sleep(15_000);
  const metrics = async () => (await fetch(`http://127.0.0.1:${o.port}/metrics`)).text();
  const m0 = await metrics();
  const t0 = performance.now();
  o.log(`idle window of ${o.windowMs / 1000}s`);
  await sleep(o.windowMs);
  const m1 = await metrics();
  const minutes = (performance.now() - t0) / 60_000;
  const rate = (name: string, labels?: RegExp) =>
    ((sum(m1, name, labels) - sum(m0, name, labels)) / minutes).toFixed(1);
  const cpu = (sum(m1, 'process_cpu_seconds_total') - sum(m0, 'process_cpu_seconds_total')) / (minutes * 60);
  const rss = sum(m1, 'process_resident_memory_bytes') / 2 ** 20;
  return [
    `| (c) idle, ${o.environments} environments × ${o.objects} objects (interval 1m) | per minute |`,
    '|---|---:|',
    `| API writes to objects and status (create, patch, update, delete; not leases) | ${rate('ferry_kube_requests_total', /verb="(create|patch|update|delete)",resource="(?!leases)/)} |`,
    `| Lease renewals (one ownership lease per environment, renewed every lease-duration/3) | ${rate('ferry_kube_requests_total', /verb="(create|patch|update)",resource="leases"/)} |`,
    `| API dry-run patches (drift checks) | ${rate('ferry_kube_requests_total', /verb="dryrun"/)} |`,
    `| API reads (get, list) | ${rate('ferry_kube_requests_total', /verb="(get|list)"/)} |`,
    `| git ls-remote / fetch | ${rate('ferry_git_requests_total', /operation="ls-remote"/)} / ${rate('ferry_git_requests_total', /operation="fetch"/)} |`,
    `| operator CPU | ${(cpu * 100).toFixed(1)} % of one core |`,
    `| operator RSS at the end | ${rss.toFixed(0)} MiB |`,
    `| first sync of all ${o.environments} environments (to healthy) | ${syncSeconds.toFixed(1)} s |`,
  ];
}
