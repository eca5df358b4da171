/**
 * Run one command as a child process, timing it from spawn to exit and handing every output line
 * (stdout and stderr) to a callback with the time it arrived. A progress ticker prints what the
 * command has done so far, since a step can take minutes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface TimedLine {
  /** Milliseconds since spawn. */
  readonly at: number;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

export interface RunResult {
  readonly ms: number;
  readonly code: number | null;
  readonly lines: readonly TimedLine[];
}

export interface RunOptions {
  readonly cwd?: string;
  /** Called every `tickMs` with the elapsed time and the lines so far, for a progress line. */
  readonly onTick?: (elapsedMs: number, lines: readonly TimedLine[]) => void;
  /** @default 10000 */
  readonly tickMs?: number;
}

/** The child currently running, so a SIGINT handler can stop it. */
let current: ChildProcess | undefined;

export function killCurrent(): void {
  if (current?.pid !== undefined && current.exitCode === null) current.kill('SIGTERM');
}

export function run(command: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const lines: TimedLine[] = [];
  const started = performance.now();
  const child = spawn(command, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  current = child;
  const collect = (stream: 'stdout' | 'stderr', input: NodeJS.ReadableStream): Promise<void> =>
    new Promise((resolve) => {
      const rl = createInterface({ input, crlfDelay: Infinity });
      rl.on('line', (text) => lines.push({ at: performance.now() - started, stream, text }));
      rl.on('close', resolve);
    });
  const ticker = opts.onTick
    ? setInterval(() => opts.onTick!(performance.now() - started, lines), opts.tickMs ?? 10_000)
    : undefined;
  const streams = Promise.all([collect('stdout', child.stdout!), collect('stderr', child.stderr!)]);
  return new Promise((resolve, reject) => {
    child.on('error', (err) => {
      clearInterval(ticker);
      reject(new Error(`cannot run ${command}: ${err.message}`));
    });
    child.on('close', (code) => {
      const ms = performance.now() - started;
      clearInterval(ticker);
      current = undefined;
      void streams.then(() => resolve({ ms, code, lines }));
    });
  });
}

/** The last `n` lines, for error messages. */
export function tail(result: RunResult, n = 20): string {
  return result.lines
    .slice(-n)
    .map((l) => `  ${l.text}`)
    .join('\n');
}
