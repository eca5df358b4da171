/**
 * Pulumi's own stack locks in a self-managed file:// backend
 * (`<dir>/.pulumi/locks/<org>/<project>/<stack>/<id>.json`, written by the pulumi CLI for the length
 * of an update), and the checkpoint's pending operations (`<dir>/.pulumi/stacks/<project>/<stack>.json`). A lock whose process died (killed,
 * crashed, machine restarted) stays behind and makes every later update fail; `staleLocks` says which
 * locks are provably stale: written on this host by a process that no longer runs. A lock from
 * another host, or from a live process, is never stale: the caller waits or reports it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive } from './processes';
import type { StackAddress } from './workspace';

export interface PulumiLock {
  readonly file: string;
  readonly pid: number;
  readonly hostname: string;
  readonly username?: string;
  readonly timestamp?: string;
}

/** The folder of a file:// backend; undefined for every other backend. */
export function fileBackendDir(url: string): string | undefined {
  if (!url.startsWith('file://')) return undefined;
  return url.startsWith('file:///') ? fileURLToPath(url) : url.slice('file://'.length);
}

/** Every lock file of one stack (any organisation folder). */
export function readStackLocks(backendDir: string, at: StackAddress): PulumiLock[] {
  const root = join(backendDir, '.pulumi', 'locks');
  if (!existsSync(root)) return [];
  const locks: PulumiLock[] = [];
  for (const org of readdirSync(root)) {
    const dir = join(root, org, at.project, at.stack);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      const file = join(dir, f);
      try {
        const j = JSON.parse(readFileSync(file, 'utf8')) as Partial<PulumiLock>;
        locks.push({
          file,
          pid: Number(j.pid),
          hostname: String(j.hostname ?? ''),
          ...(j.username ? { username: j.username } : {}),
          ...(j.timestamp ? { timestamp: j.timestamp } : {}),
        });
      } catch {
        locks.push({ file, pid: NaN, hostname: '' }); // unreadable: never treated as stale
      }
    }
  }
  return locks.sort((a, b) => a.file.localeCompare(b.file));
}

export function describeLock(l: PulumiLock): string {
  return `pid ${l.pid} on ${l.hostname || 'unknown host'}${l.username ? ` (${l.username})` : ''}${l.timestamp ? ` since ${l.timestamp}` : ''}`;
}

/** Splits locks into stale (owner provably gone) and live (or unknowable). */
export function classifyLocks(
  locks: readonly PulumiLock[],
  host: string = hostname(),
): { stale: PulumiLock[]; live: PulumiLock[] } {
  const stale: PulumiLock[] = [];
  const live: PulumiLock[] = [];
  for (const l of locks)
    (l.hostname === host && Number.isInteger(l.pid) && !isAlive(l.pid) ? stale : live).push(l);
  return { stale, live };
}

/** The checkpoint of a stack: `.pulumi/stacks/<project>/<stack>.json` (project-scoped layout). */
export function checkpointFile(backendDir: string, at: StackAddress): string {
  return join(backendDir, '.pulumi', 'stacks', at.project, `${at.stack}.json`);
}

/** Operations an interrupted update left in the checkpoint (creates/updates/deletes in flight). */
export function pendingOperations(backendDir: string, at: StackAddress): { type: string; urn: string }[] {
  const file = checkpointFile(backendDir, at);
  if (!existsSync(file)) return [];
  try {
    const cp = JSON.parse(readFileSync(file, 'utf8')) as {
      checkpoint?: { latest?: { pending_operations?: { type: string; resource: { urn: string } }[] } };
    };
    return (cp.checkpoint?.latest?.pending_operations ?? []).map((p) => ({
      type: p.type,
      urn: p.resource.urn,
    }));
  } catch {
    return [];
  }
}
