/**
 * `ferry sync` as a user runs it: its own process (`node bin/ferry.js sync <env> --dir …`), start-up
 * included. Request counts come from the summary line the command prints last:
 * `OK: … (17.1s; 23 writes, 0 dry runs, 107 reads)`.
 */
import { join } from 'node:path';
import { run, tail, type RunResult, type TimedLine } from './process';

export interface FerrySync {
  /** Wall time of the process. */
  readonly ms: number;
  /** The sync itself as the engine timed it (no process start-up). */
  readonly engineMs: number;
  /** Time of the last apply line (created/configured), i.e. when the engine started waiting for health. */
  readonly appliedAtMs: number | undefined;
  readonly writes: number;
  readonly dryRuns: number;
  readonly reads: number;
  readonly message: string;
}

export interface FerryOptions {
  readonly root: string;
  readonly env: string;
  readonly envDir: string;
  readonly kubeconfig: string;
  readonly label: string;
  readonly log: (line: string) => void;
}

const SUMMARY = /^(OK|FAILED): (.*) \(([\d.]+)s; (\d+) writes, (\d+) dry runs, (\d+) reads\)$/;
const APPLIED = /^\s+(created|configured|recreated)\s/;
const HEALTHY = /^\s+Current\s/;

function count(lines: readonly TimedLine[], re: RegExp): number {
  return lines.reduce((n, l) => (re.test(l.text) ? n + 1 : n), 0);
}

function parse(result: RunResult, label: string): FerrySync {
  const summary = result.lines
    .filter((l) => l.stream === 'stdout')
    .map((l) => SUMMARY.exec(l.text))
    .find((m) => m !== null);
  if (result.code !== 0 || !summary) {
    throw new Error(`${label}: ferry sync exited with ${result.code}:\n${tail(result)}`);
  }
  const applied = result.lines.filter((l) => APPLIED.test(l.text));
  return {
    ms: result.ms,
    engineMs: Number(summary[3]) * 1000,
    appliedAtMs: applied.length ? applied[applied.length - 1]!.at : undefined,
    writes: Number(summary[4]),
    dryRuns: Number(summary[5]),
    reads: Number(summary[6]),
    message: summary[2]!,
  };
}

export async function ferrySync(opts: FerryOptions): Promise<FerrySync> {
  const result = await run(
    process.execPath,
    [
      join(opts.root, 'bin', 'ferry.js'),
      'sync',
      opts.env,
      '--dir',
      opts.envDir,
      '--kubeconfig',
      opts.kubeconfig,
      '--timeout',
      '10m',
    ],
    {
      cwd: opts.root,
      onTick: (ms, lines) =>
        opts.log(
          `  ${opts.label}: ${(ms / 1000).toFixed(0)}s, ${count(lines, APPLIED)} applied, ` +
            `${count(lines, HEALTHY)} reported healthy`,
        ),
    },
  );
  return parse(result, opts.label);
}
