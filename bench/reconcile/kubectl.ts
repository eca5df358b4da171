/**
 * The peer: `kubectl apply --server-side -f DIR` and `kubectl wait`, run with `-v=6` so every API
 * request is logged (`PATCH https://… 201 Created in 5 milliseconds`) and writes can be counted.
 */
import { run, tail, type RunResult, type TimedLine } from './process';

export interface KubectlRun {
  readonly ms: number;
  /** POST/PUT/PATCH/DELETE requests that were not dry runs. */
  readonly writes: number;
  readonly reads: number;
  /** Total time kubectl reported waiting for its client-side rate limiter, in ms. */
  readonly throttledMs: number;
}

export interface KubectlOptions {
  readonly kubeconfig: string;
  /** Discovery cache of this benchmark, so nothing is written to ~/.kube. */
  readonly cacheDir: string;
  readonly label: string;
  readonly log: (line: string) => void;
}

const KUBECTL = process.env.KUBECTL ?? 'kubectl';
/** A logged response: klog's structured form (kubectl >= 1.31) or the older plain one. */
const REQUEST = [
  /"Response" verb="([A-Z]+)" url="([^"]+)" status="(\d{3})/,
  /\] (GET|HEAD|POST|PUT|PATCH|DELETE) (https?:\/\/\S+) (\d{3})\b/,
];
const THROTTLED = [
  /"Waited before sending request" delay="([\d.]+)(ms|s)" reason="client-side throttling/,
  /Waited for ([\d.]+)(ms|s) due to client-side throttling/,
];
const match = (res: readonly RegExp[], text: string): RegExpExecArray | null =>
  res.reduce<RegExpExecArray | null>((m, re) => m ?? re.exec(text), null);

function requests(lines: readonly TimedLine[]): { writes: number; reads: number } {
  let writes = 0;
  let reads = 0;
  for (const l of lines) {
    const m = match(REQUEST, l.text);
    if (!m) continue;
    if (m[1] === 'GET' || m[1] === 'HEAD') reads++;
    else if (!/[?&]dryRun=/.test(m[2]!)) writes++;
  }
  return { writes, reads };
}

function throttledMs(lines: readonly TimedLine[]): number {
  return lines.reduce((ms, l) => {
    const m = match(THROTTLED, l.text);
    return m ? ms + Number(m[1]) * (m[2] === 's' ? 1000 : 1) : ms;
  }, 0);
}

function summarise(result: RunResult, label: string): KubectlRun {
  if (result.code !== 0) throw new Error(`${label}: kubectl exited with ${result.code}:\n${tail(result)}`);
  return { ms: result.ms, ...requests(result.lines), throttledMs: throttledMs(result.lines) };
}

async function kubectl(opts: KubectlOptions, args: readonly string[]): Promise<KubectlRun> {
  const result = await run(
    KUBECTL,
    [...args, '--kubeconfig', opts.kubeconfig, '--cache-dir', opts.cacheDir, '-v=6'],
    {
      onTick: (ms, lines) =>
        opts.log(`  ${opts.label}: ${(ms / 1000).toFixed(0)}s, ${requests(lines).writes} writes so far`),
    },
  );
  return summarise(result, opts.label);
}

export function kubectlApply(opts: KubectlOptions, dir: string): Promise<KubectlRun> {
  return kubectl(opts, ['apply', '--server-side', '-f', dir]);
}

export function kubectlWaitAvailable(opts: KubectlOptions, namespace: string): Promise<KubectlRun> {
  return kubectl(opts, [
    'wait',
    '--for=condition=Available',
    'deployment',
    '--all',
    '-n',
    namespace,
    '--timeout=10m',
  ]);
}
