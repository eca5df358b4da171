/**
 * One writer per git cache repository: within a process a promise chain per path, across
 * processes (two `ferry sync` runs, an operator and a CLI on one machine) a lock directory created
 * atomically with mkdir. A lock whose owner process is gone, or that is older than `staleMs`, is
 * broken: a killed sync must not block the next one for ever.
 */
import { hostname } from 'node:os';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { abortableSleep } from '../clock';

const chains = new Map<string, Promise<unknown>>();

export interface LockOptions {
  /** Give up waiting after this long. @default 120000 */
  readonly timeoutMs?: number;
  /** A lock older than this is considered abandoned. @default 600000 */
  readonly staleMs?: number;
  readonly signal?: AbortSignal;
}

interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly at: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function abandoned(dir: string, staleMs: number): boolean {
  let owner: Owner;
  try {
    owner = JSON.parse(readFileSync(join(dir, 'owner'), 'utf8')) as Owner;
  } catch {
    // Being created right now, or left half-written by a killed process: judge by age alone.
    return false;
  }
  if (Date.now() - owner.at > staleMs) return true;
  return owner.host === hostname() && !alive(owner.pid);
}

async function acquireDir(dir: string, opts: LockOptions): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  mkdirSync(dirname(dir), { recursive: true });
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(
        join(dir, 'owner'),
        JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now() }),
      );
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (abandoned(dir, opts.staleMs ?? 600_000)) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out waiting for the git cache lock ${dir} (another Ferry process holds it)`);
    }
    await abortableSleep(100, opts.signal);
  }
}

/** Run `fn` holding the lock of `path` (in this process and across processes). */
export async function withLock<T>(path: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const previous = chains.get(path) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(async () => {
      const dir = `${path}.lock`;
      await acquireDir(dir, opts);
      try {
        return await fn();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  chains.set(path, run);
  try {
    return await run;
  } finally {
    if (chains.get(path) === run) chains.delete(path);
  }
}
