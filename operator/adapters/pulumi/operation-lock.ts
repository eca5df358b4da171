/**
 * One infra operation per environment at a time, across processes: a lock file created exclusively
 * (`<lockDir>/<key>.lock`) holding the owner's pid, host and process start time. A lock left by a
 * process that no longer runs on this host is taken over (and reported); a live one is refused.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isAlive, processStart } from './processes';

interface Owner {
  readonly pid: number;
  readonly hostname: string;
  readonly start?: string;
  readonly since: string;
  readonly what: string;
}

export class OperationLockedError extends Error {
  override name = 'OperationLockedError';
}

export interface HeldLock {
  /** Set when a dead owner's lock was taken over. */
  readonly tookOverFrom?: string;
  release(): void;
}

function describe(o: Owner): string {
  return `${o.what} (pid ${o.pid} on ${o.hostname}, since ${o.since})`;
}

function ownerIsGone(o: Owner): boolean {
  if (o.hostname !== hostname()) return false;
  if (!isAlive(o.pid)) return true;
  // Same pid, different process: the owner died and its pid was reused.
  const start = processStart(o.pid);
  return o.start !== undefined && start !== undefined && start !== o.start;
}

/** Takes the lock `key` or throws OperationLockedError naming the holder. */
export function acquireOperationLock(lockDir: string, key: string, what: string): HeldLock {
  mkdirSync(lockDir, { recursive: true });
  const file = join(lockDir, `${key}.lock`);
  const me: Owner = {
    pid: process.pid,
    hostname: hostname(),
    ...(processStart(process.pid) ? { start: processStart(process.pid) } : {}),
    since: new Date().toISOString(),
    what,
  };
  let tookOverFrom: string | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      return {
        ...(tookOverFrom ? { tookOverFrom } : {}),
        release: () => {
          if (!released) rmSync(file, { force: true });
          released = true;
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let text = '';
    let owner: Owner | undefined;
    try {
      text = readFileSync(file, 'utf8');
      owner = JSON.parse(text) as Owner;
    } catch {
      owner = undefined; // being written right now, or garbage: treat as held
    }
    const held = () =>
      new OperationLockedError(
        `another infra operation holds ${key}: ${owner ? describe(owner) : 'unknown owner'}; wait for it to finish`,
      );
    if (!owner || !ownerIsGone(owner)) throw held();
    // Take the stale file away atomically; if another process replaced it meanwhile, put theirs back.
    const aside = `${file}.stale-${process.pid}`;
    try {
      renameSync(file, aside);
    } catch {
      continue; // someone else took it over first: try again
    }
    if (readFileSync(aside, 'utf8') !== text) {
      renameSync(aside, file);
      throw held();
    }
    rmSync(aside, { force: true });
    tookOverFrom = describe(owner);
  }
  throw new OperationLockedError(`could not take the infra lock ${key}`);
}
