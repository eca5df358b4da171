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
    history?: { revision: string; result: string; writes: number; reason?: string }[];
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
