/**
 * The operator as a separate process, as it runs in production (`ferry operator`), against the
 * run's control plane — with short intervals and leases set through its flags, never sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { kubectlJson, kubectlRaw } from './kubectl';
import { testKubeconfig } from './env';
import { waitFor } from './wait';

const root = resolve(__dirname, '../../..');

/** Tests share one control plane: each test file's operator sees only its own Environments. */
export const SHARD_LABEL = 'ferry.dev/test-shard';

export interface OperatorOptions {
  readonly identity: string;
  /** Only Environments labelled `ferry.dev/test-shard=<shard>`. */
  readonly shard?: string;
  /** Any other label selector. */
  readonly selector?: string;
  readonly kubeconfig?: string;
  readonly leaseDuration?: string;
  readonly env?: Record<string, string>;
  readonly extraArgs?: readonly string[];
}

export class OperatorProcess {
  readonly child: ChildProcess;
  log = '';

  constructor(readonly opts: OperatorOptions) {
    this.child = spawn(
      join(root, 'node_modules/.bin/node'),
      [
        join(root, 'bin/ferry.js'),
        'operator',
        '--kubeconfig',
        opts.kubeconfig ?? testKubeconfig(),
        '--port',
        '0',
        '--identity',
        opts.identity,
        '--lease-duration',
        opts.leaseDuration ?? '4s',
        '--backoff',
        '1s',
        '--watch-silence',
        '30s',
        ...(opts.shard ? ['--selector', `${SHARD_LABEL}=${opts.shard}`] : []),
        ...(opts.selector ? ['--selector', opts.selector] : []),
        ...(opts.extraArgs ?? []),
      ],
      { cwd: root, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child.stdout!.on('data', (b: Buffer) => (this.log += b.toString()));
    this.child.stderr!.on('data', (b: Buffer) => (this.log += b.toString()));
  }

  /** The port the operator serves on (it logs it once listening). */
  port(): Promise<number> {
    return waitFor(() => Number(/on :(\d+)/.exec(this.log)?.[1] ?? 0) || undefined, {
      description: 'the operator to listen',
      timeout: 60_000,
      interval: 100,
    });
  }

  /** `GET /metrics`, parsed: `name{labels}` → value. */
  async metrics(): Promise<Map<string, number>> {
    const res = await fetch(`http://127.0.0.1:${await this.port()}/metrics`);
    return parseMetrics(await res.text());
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.exited) return this.child.exitCode;
    const done = new Promise<number | null>((r) => this.child.once('exit', (code) => r(code)));
    this.child.kill(signal);
    return done;
  }
}

export interface EnvironmentStatusView {
  metadata: { name: string; generation?: number; finalizers?: string[] };
  status?: {
    sync?: string;
    health?: string;
    revision?: string;
    message?: string;
    observedGeneration?: number;
    conditions?: { type: string; status: string; reason: string; message: string }[];
    history?: { revision: string; result: string; writes: number; reason?: string; message?: string }[];
    lastHandledRequest?: string;
    infra?: Record<string, unknown>;
  };
}

export function getEnvironment(name: string, kubeconfig?: string): Promise<EnvironmentStatusView> {
  return kubectlJson<EnvironmentStatusView>(['get', 'environment', name], {
    namespace: 'ferry-system',
    kubeconfig,
  });
}

export function condition(
  env: EnvironmentStatusView,
  type: string,
): { status: string; reason: string; message: string } | undefined {
  return env.status?.conditions?.find((c) => c.type === type);
}

/** Wait until the Environment's status satisfies `ok`; the message shows the last status seen. */
export function waitForEnvironment(
  name: string,
  ok: (env: EnvironmentStatusView) => boolean,
  description: string,
  opts: { timeout?: number; kubeconfig?: string } = {},
): Promise<EnvironmentStatusView> {
  return waitFor(
    async () => {
      const env = await getEnvironment(name, opts.kubeconfig);
      return ok(env) ? env : undefined;
    },
    { description: `Environment ${name} ${description}`, timeout: opts.timeout ?? 90_000, interval: 300 },
  );
}

/** Apply an Environment object. */
export async function applyEnvironment(env: object, kubeconfig?: string): Promise<void> {
  const r = await kubectlRaw(['apply', '-f', '-'], { input: JSON.stringify(env), kubeconfig });
  if (r.code !== 0) throw new Error(`kubectl apply Environment failed: ${r.stderr}`);
}

/** The Prometheus text format as `name{a="x",b="y"}` (labels sorted) → value; comments dropped. */
export function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line.trim());
    if (!m) continue;
    const labels = (m[2] ?? '')
      .split(/,(?=[a-zA-Z_]\w*=")/)
      .filter(Boolean)
      .sort()
      .join(',');
    out.set(labels ? `${m[1]}{${labels}}` : m[1]!, Number(m[3]));
  }
  return out;
}

/** Sum of the series of `name` whose labels include every `label="value"` given. */
export function metricSum(
  metrics: Map<string, number>,
  name: string,
  labels: Record<string, string> = {},
): number {
  let sum = 0;
  for (const [key, value] of metrics) {
    if (key !== name && !key.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`))) sum += value;
  }
  return sum;
}

/** Delete an Environment of a test without waiting for its finalizer (which is dropped). */
export async function removeEnvironment(name: string, namespace: string): Promise<void> {
  await kubectlRaw([
    'delete',
    'environment',
    name,
    '-n',
    'ferry-system',
    '--wait=false',
    '--ignore-not-found',
  ]);
  await kubectlRaw([
    'patch',
    'environment',
    name,
    '-n',
    'ferry-system',
    '--type=merge',
    '-p',
    '{"metadata":{"finalizers":[]}}',
  ]);
  await kubectlRaw(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
}
