/**
 * A cache of remote branches: one bare repository per remote URL. The sync source fetches a
 * single branch shallowly and checks out immutable snapshots (one folder per revision). Every
 * operation on a cache repository holds its lock (lock.ts), so concurrent syncs and an operator
 * never corrupt it; snapshots not used for a day are garbage-collected.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { gitIn, redact, type GitAuth } from './env';
import { withLock } from './lock';
import { observed } from './observe';

export interface SnapshotOptions {
  /** Snapshots not used for this long are deleted by `collectSnapshots`. @default 1 day */
  readonly maxAgeMs?: number;
  /** The most recently used snapshots always kept. @default 5 */
  readonly keep?: number;
}

export class GitCache {
  readonly repoDir: string;

  constructor(
    readonly url: string,
    cacheRoot: string,
    private readonly auth: GitAuth = {},
  ) {
    const id = createHash('sha256').update(url).digest('hex').slice(0, 16);
    this.repoDir = join(cacheRoot, id);
  }

  private git(env: Record<string, string> = {}): SimpleGit {
    return gitIn(this.repoDir, this.auth, { env });
  }

  private fail(err: unknown, what: string): never {
    throw new Error(`${what}: ${redact((err as Error).message.trim(), this.auth)}`);
  }

  private async init(): Promise<void> {
    if (existsSync(join(this.repoDir, 'HEAD'))) return;
    await withLock(this.repoDir, async () => {
      if (existsSync(join(this.repoDir, 'HEAD'))) return;
      mkdirSync(this.repoDir, { recursive: true });
      await simpleGit({ baseDir: this.repoDir }).init(true);
    });
  }

  /** The commit at the tip of `branch` on the remote, without fetching (one cheap request). */
  async lsRemote(branch: string): Promise<string | undefined> {
    await this.init();
    try {
      const out = await observed('ls-remote', () =>
        this.git().raw(['ls-remote', '--heads', this.url, `refs/heads/${branch}`]),
      );
      const line = out.split('\n').find((l) => l.endsWith(`\trefs/heads/${branch}`));
      return line?.split('\t')[0];
    } catch (err) {
      this.fail(err, 'ls-remote failed');
    }
  }

  /** Fetch the tip of one branch (depth 1) and return its commit id. */
  async fetchBranch(branch: string): Promise<string> {
    await this.init();
    const ref = `refs/ferry/${branch}`;
    return withLock(this.repoDir, async () => {
      try {
        await observed('fetch', () =>
          this.git().raw([
            'fetch',
            '--depth=1',
            '--no-tags',
            '--force',
            this.url,
            `+refs/heads/${branch}:${ref}`,
          ]),
        );
      } catch (err) {
        this.fail(err, 'fetch failed');
      }
      return (await this.git().revparse([ref])).trim();
    });
  }

  /** Fetch one commit (a pinned revision) into the cache; returns the full commit id. */
  async fetchRevision(revision: string): Promise<string> {
    await this.init();
    return withLock(this.repoDir, async () => {
      const have = await this.git()
        .raw(['cat-file', '-e', `${revision}^{commit}`])
        .then(() => true)
        .catch(() => false);
      if (!have) {
        try {
          await observed('fetch', () =>
            this.git().raw(['fetch', '--depth=1', '--no-tags', this.url, revision]),
          );
        } catch (err) {
          this.fail(
            err,
            `fetch of revision ${revision} failed (is it a full commit id of the deploy branch?)`,
          );
        }
      }
      return (await this.git().revparse([`${revision}^{commit}`])).trim();
    });
  }

  /** An immutable checkout of `revision` under `snapshotRoot/<revision>`, created once. */
  async snapshot(revision: string, snapshotRoot: string): Promise<string> {
    const dir = join(snapshotRoot, revision);
    if (existsSync(dir)) {
      const now = new Date();
      utimesSync(dir, now, now);
      return dir;
    }
    mkdirSync(snapshotRoot, { recursive: true });
    return withLock(this.repoDir, async () => {
      if (existsSync(dir)) return dir;
      const tmp = `${dir}.tmp-${process.pid}`;
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp, { recursive: true });
      // `--work-tree checkout` into a private index keeps the cache repository untouched.
      const index = join(this.repoDir, `index-${process.pid}`);
      try {
        await this.git({ GIT_INDEX_FILE: index }).raw([
          '--work-tree',
          tmp,
          'checkout',
          '--force',
          revision,
          '--',
          '.',
        ]);
      } catch (err) {
        rmSync(tmp, { recursive: true, force: true });
        this.fail(err, `cannot check out ${revision}`);
      } finally {
        rmSync(index, { force: true });
      }
      renameSync(tmp, dir);
      return dir;
    });
  }
}

/**
 * Delete snapshots not used for `maxAgeMs`, always keeping the `keep` most recently used ones.
 * Returns the revisions removed.
 */
export function collectSnapshots(snapshotRoot: string, opts: SnapshotOptions = {}): string[] {
  if (!existsSync(snapshotRoot)) return [];
  const maxAge = opts.maxAgeMs ?? 86_400_000;
  const entries = readdirSync(snapshotRoot)
    .filter((n) => !n.includes('.tmp-'))
    .map((name) => ({ name, used: statSync(join(snapshotRoot, name)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  const removed: string[] = [];
  for (const e of entries.slice(opts.keep ?? 5)) {
    if (Date.now() - e.used < maxAge) continue;
    rmSync(join(snapshotRoot, e.name), { recursive: true, force: true });
    removed.push(e.name);
  }
  return removed;
}
