/**
 * Source: fetch the deploy branch and hand out an immutable snapshot {revision, dir} of one
 * environment's folder. A local folder (`--dir`) is a snapshot too, with a content-hash revision,
 * so the rest of the loop does not care where manifests came from.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { collectSnapshots, GitCache, type GitAuth } from '../adapters/git';
import { redactUrls } from '../model';

export interface Snapshot {
  /** Commit id for git sources, `local:<sha256 prefix>` for local folders. */
  readonly revision: string;
  /** The environment folder inside the snapshot (holds environment.json and manifests/). */
  readonly dir: string;
  /** Where it came from, for messages. */
  readonly origin: string;
}

export class SourceError extends Error {
  override name = 'SourceError';
  constructor(message: string) {
    super(redactUrls(message));
  }
}

export interface GitSource {
  readonly repo: string;
  readonly branch: string;
  /** Folder inside the branch; the environment name by default. */
  readonly path: string;
  readonly auth: GitAuth;
  readonly cacheDir: string;
  /** A deploy-branch commit to use instead of the branch tip (a pin or a rollback). */
  readonly revision?: string;
}

export async function fetchGitSnapshot(src: GitSource): Promise<Snapshot> {
  const cache = new GitCache(src.repo, join(src.cacheDir, 'repos'), src.auth);
  let revision: string;
  try {
    revision = src.revision ? await cache.fetchRevision(src.revision) : await cache.fetchBranch(src.branch);
  } catch (err) {
    throw new SourceError(
      `cannot fetch ${src.revision ? `revision ${src.revision}` : `branch ${src.branch}`} of ${src.repo}: ${(err as Error).message}\n` +
        'Nothing was changed in the cluster. Check the URL and branch, and the credentials ' +
        '(--token / FERRY_GIT_TOKEN for HTTPS, --ssh-key / FERRY_GIT_SSH_KEY for SSH).',
    );
  }
  const snapshots = join(src.cacheDir, 'snapshots');
  const root = await cache.snapshot(revision, snapshots);
  collectSnapshots(snapshots);
  const dir = join(root, src.path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new SourceError(
      `branch ${src.branch} of ${src.repo} at ${revision.slice(0, 12)} has no folder ${src.path}/. ` +
        'Publish the environment (synth, then commit dist/<env>/ to the deploy branch) first.',
    );
  }
  return { revision, dir, origin: redactUrls(`${src.repo}#${src.branch}:${src.path}`) };
}

/**
 * The snapshot of `revision` when the cache already holds its checkout — no git process, no
 * network — or undefined (then fetch). For a branch tip seen by `ls-remote` or a webhook.
 */
export function cachedGitSnapshot(src: GitSource, revision: string): Snapshot | undefined {
  if (!/^[0-9a-f]{40}$/.test(revision)) return undefined;
  const dir = join(src.cacheDir, 'snapshots', revision, src.path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return undefined;
  return { revision, dir, origin: redactUrls(`${src.repo}#${src.branch}:${src.path}`) };
}

export function localSnapshot(path: string): Snapshot {
  const dir = resolve(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new SourceError(`folder ${path} does not exist. Run \`ferry synth\` first, or pass --repo.`);
  }
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else hash.update(relative(dir, p)).update('\0').update(readFileSync(p)).update('\0');
    }
  };
  walk(dir);
  return { revision: `local:${hash.digest('hex').slice(0, 12)}`, dir, origin: dir };
}
