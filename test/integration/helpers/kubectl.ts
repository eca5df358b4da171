/** Runs the machine's kubectl against the test cluster. */
import { execFile } from 'node:child_process';
import { kubectlBinary, testKubeconfig } from './env';

export interface KubectlOptions {
  /** Written to kubectl's stdin (e.g. a manifest for `apply -f -`). */
  readonly input?: string;
  readonly namespace?: string;
  /** @default 60000 */
  readonly timeout?: number;
  /** @default the run's cluster */
  readonly kubeconfig?: string;
}

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs kubectl and resolves with its exit code and output, whatever the code. */
export function kubectlRaw(args: readonly string[], opts: KubectlOptions = {}): Promise<KubectlResult> {
  const full = [
    '--kubeconfig',
    opts.kubeconfig ?? testKubeconfig(),
    ...(opts.namespace ? ['-n', opts.namespace] : []),
    ...args,
  ];
  return new Promise((resolve, reject) => {
    const child = execFile(
      kubectlBinary(),
      full,
      { timeout: opts.timeout ?? 60_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: number | string }) | null;
        if (e && typeof e.code === 'string') {
          reject(new Error(`cannot run ${kubectlBinary()}: ${e.message}`));
          return;
        }
        resolve({ code: e ? Number(e.code ?? 1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(opts.input ?? '');
  });
}

/** Runs kubectl and returns stdout; throws with the command and stderr when it fails. */
export async function kubectl(args: readonly string[], opts: KubectlOptions = {}): Promise<string> {
  const res = await kubectlRaw(args, opts);
  if (res.code !== 0) {
    throw new Error(
      `kubectl ${args.join(' ')} exited ${res.code}: ${res.stderr.trim() || res.stdout.trim()}`,
    );
  }
  return res.stdout;
}

/** `kubectl <args> -o json`, parsed. */
export async function kubectlJson<T = Record<string, unknown>>(
  args: readonly string[],
  opts: KubectlOptions = {},
): Promise<T> {
  return JSON.parse(await kubectl([...args, '-o', 'json'], opts)) as T;
}

/** Applies a manifest (object or YAML/JSON text) with `kubectl apply -f -`. */
export function kubectlApply(manifest: unknown, opts: KubectlOptions = {}): Promise<string> {
  const input = typeof manifest === 'string' ? manifest : JSON.stringify(manifest);
  return kubectl(['apply', '-f', '-'], { ...opts, input });
}
