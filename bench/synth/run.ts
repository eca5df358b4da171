/**
 * bench/synth: N services × M environments (default 100 × 10), each service a Deployment +
 * Service + HPA, timed side by side in one run:
 *   ferry      `ferry synth` in its own process (startup included), the shipped engine
 *   cdk8s-plus the same objects with raw cdk8s-plus-28 and `app.synth()`, its own process
 *   kustomize  `kubectl kustomize` on an equivalent base + one overlay per environment
 * Usage: npm run bench:synth [-- --services N --envs M --runs R --skip-kustomize]
 * Not a test: it prints a table with ratios.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeKustomizeTree } from './kustomize-tree';

const ROOT = path.join(__dirname, '..', '..');
const NODE = process.execPath;

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}
const services = arg('services', 100);
const envs = arg('envs', 10);
const runs = arg('runs', 1);
const skipKustomize = process.argv.includes('--skip-kustomize');

function timed(label: string, cmd: string, args: string[], env: Record<string, string> = {}): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, BENCH_SERVICES: String(services), BENCH_ENVS: String(envs), ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${label} failed (${r.status}): ${r.stderr}`);
  return ms;
}

function best(f: () => number): number {
  let b = Infinity;
  for (let i = 0; i < runs; i++) b = Math.min(b, f());
  return b;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-'));
try {
  const ferryOut = path.join(tmp, 'ferry');
  const rawOut = path.join(tmp, 'raw');
  const ferry = best(() =>
    timed('ferry', NODE, [
      path.join(ROOT, 'bin/ferry.js'),
      'synth',
      '--app',
      path.join(__dirname, 'app.ts'),
      '--out',
      ferryOut,
    ]),
  );
  const raw = best(() =>
    timed('cdk8s-plus', NODE, ['--require', 'tsx/cjs', path.join(__dirname, 'raw-cdk8s.ts'), rawOut]),
  );
  let kustomize: number | undefined;
  if (!skipKustomize) {
    const overlays = writeKustomizeTree(path.join(tmp, 'kustomize'), services, envs);
    kustomize = best(() => {
      const t = performance.now();
      for (const o of overlays)
        timed('kustomize', 'kubectl', ['kustomize', o, '-o', path.join(o, 'out.yaml')]);
      return performance.now() - t;
    });
  }
  const files = fs
    .readdirSync(ferryOut)
    .reduce((n, e) => n + fs.readdirSync(path.join(ferryOut, e, 'manifests')).length, 0);

  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const rows: Array<[string, string, string]> = [
    ['ferry synth', s(ferry), '1.00x'],
    ['raw cdk8s-plus-28', s(raw), `${(raw / ferry).toFixed(2)}x`],
  ];
  if (kustomize !== undefined)
    rows.push(['kubectl kustomize', s(kustomize), `${(kustomize / ferry).toFixed(2)}x`]);
  console.log(
    `\n${services} services × ${envs} environments (${files} Ferry manifests), best of ${runs}, ${os.availableParallelism()} cores\n`,
  );
  console.log('| tool | wall time | time / ferry |');
  console.log('|---|---:|---:|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(
    `\nferry vs raw cdk8s-plus: ${(ferry / raw).toFixed(2)}x the time (target <= 1.3x)` +
      (kustomize !== undefined
        ? `; kustomize / ferry: ${(kustomize / ferry).toFixed(1)}x (target >= 15x)`
        : ''),
  );
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
