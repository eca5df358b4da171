/**
 * The git adapter: the only module that imports simple-git. Keeps one bare cache repository per
 * remote URL, fetches a single branch shallowly into it, and checks out immutable snapshots (one
 * detached tree per revision). Every operation on a cache repository holds its lock (see lock.ts),
 * so concurrent syncs and an operator never corrupt it; old snapshots are garbage-collected.
 * Credentials travel in environment variables of the git process (GIT_CONFIG_* for an HTTPS token
 * header, GIT_SSH_COMMAND for a key), never in argv or messages; URLs in messages lose their
 * userinfo.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { redactSecrets } from '../../model';
import { withLock } from './lock';

export { withLock } from './lock';

export interface GitAuth {
  /** HTTPS token, sent as a basic-auth header (user `x-access-token`). */
  readonly token?: string;
  /** Path to an SSH private key. */
  readonly sshKeyPath?: string;
}

const GUARDED_ENV = [
  'GIT_SSH_COMMAND',
  'GIT_TERMINAL_PROMPT',
  'GIT_CONFIG_COUNT',
  'GIT_CONFIG_KEY_0',
  'GIT_CONFIG_VALUE_0',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_INDEX_FILE',
];

function authEnv(auth: GitAuth): Record<string, string> {
  const env: Record<string, string> = { GIT_TERMINAL_PROMPT: '0' };
  if (auth.token) {
    const basic = Buffer.from(`x-access-token:${auth.token}`).toString('base64');
    env.GIT_CONFIG_COUNT = '1';
    env.GIT_CONFIG_KEY_0 = 'http.extraHeader';
    env.GIT_CONFIG_VALUE_0 = `Authorization: Basic ${basic}`;
  }
  if (auth.sshKeyPath) {
    const key = auth.sshKeyPath.replace(/'/g, `'\\''`);
    env.GIT_SSH_COMMAND = `ssh -i '${key}' -o IdentitiesOnly=yes -o StrictHostKeyChecking=accept-new -o BatchMode=yes`;
  }
  return env;
}

/** A minimal, hermetic environment for git: no editors, pagers or ambient GIT_* settings. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'SSH_AUTH_SOCK', 'LANG']) {
    const v = process.env[k];
    if (v !== undefined) env[k] = v;
  }
  return env;
}

/** Remove anything that looks like a credential from a git message. */
export function redact(message: string, auth: GitAuth): string {
  return redactSecrets(message, [auth.token]).replace(
    /Authorization: Basic [A-Za-z0-9+/=]+/g,
    'Authorization: ***',
  );
}

export interface SnapshotOptions {
  /** Snapshots not used for this long are deleted by `collectSnapshots`. @default 1 day */
  readonly maxAgeMs?: number;
  /** The newest snapshots always kept. @default 5 */
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

  private git(extraEnv: Record<string, string> = {}): SimpleGit {
    const git = simpleGit({
      baseDir: this.repoDir,
      allowEnvironment: GUARDED_ENV,
      unsafe: { allowUnsafeSshCommand: true, allowUnsafeConfigEnvCount: true, allowUnsafeConfigPaths: true },
    });
    return git.env({ ...baseEnv(), ...authEnv(this.auth), ...extraEnv });
  }

  private fail(err: unknown, what: string): never {
    throw new Error(`${what}: ${redact((err as Error).message.trim(), this.auth)}`);
  }

  /** The commit at the tip of `branch` on the remote, without fetching (one cheap request). */
  async lsRemote(branch: string): Promise<string | undefined> {
    await this.ensureRepo();
    try {
      const out = await this.git().raw(['ls-remote', '--heads', this.url, `refs/heads/${branch}`]);
      const line = out.split('\n').find((l) => l.endsWith(`\trefs/heads/${branch}`));
      return line?.split('\t')[0];
    } catch (err) {
      this.fail(err, 'ls-remote failed');
    }
  }

  private async ensureRepo(): Promise<void> {
    if (existsSync(join(this.repoDir, 'HEAD'))) return;
    await withLock(this.repoDir, async () => {
      if (existsSync(join(this.repoDir, 'HEAD'))) return;
      mkdirSync(this.repoDir, { recursive: true });
      await simpleGit({ baseDir: this.repoDir }).init(true);
    });
  }

  /** Fetch the tip of one branch (depth 1) and return its commit id. */
  async fetchBranch(branch: string): Promise<string> {
    await this.ensureRepo();
    const ref = `refs/ferry/${branch}`;
    return withLock(this.repoDir, async () => {
      try {
        await this.git().raw([
          'fetch',
          '--depth=1',
          '--no-tags',
          '--force',
          this.url,
          `+refs/heads/${branch}:${ref}`,
        ]);
      } catch (err) {
        this.fail(err, 'fetch failed');
      }
      return (await this.git().revparse([ref])).trim();
    });
  }

  /** Fetch one commit (a pinned revision) into the cache; returns the full commit id. */
  async fetchRevision(revision: string): Promise<string> {
    await this.ensureRepo();
    return withLock(this.repoDir, async () => {
      const have = await this.git()
        .raw(['cat-file', '-e', `${revision}^{commit}`])
        .then(() => true)
        .catch(() => false);
      if (!have) {
        try {
          await this.git().raw(['fetch', '--depth=1', '--no-tags', this.url, revision]);
        } catch (err) {
          this.fail(
            err,
            `fetch of revision ${revision} failed (is it a full commit id on the deploy branch?)`,
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
      // A private index keeps the cache repository untouched.
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
