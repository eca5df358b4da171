/**
 * A cache of remote branches: one bare repository per remote URL. The sync source fetches a
 * single branch shallowly and checks out immutable snapshots (one folder per revision).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { gitIn, redact, type GitAuth } from './env';

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

  private async init(): Promise<void> {
    if (!existsSync(join(this.repoDir, 'HEAD'))) {
      mkdirSync(this.repoDir, { recursive: true });
      await simpleGit({ baseDir: this.repoDir }).init(true);
    }
  }

  /** Fetch the tip of one branch (depth 1) and return its commit id. */
  async fetchBranch(branch: string): Promise<string> {
    await this.init();
    const ref = `refs/ferry/${branch}`;
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
      throw new Error(redact((err as Error).message.trim(), this.auth));
    }
    return (await this.git().revparse([ref])).trim();
  }

  /** An immutable checkout of `revision` under `snapshotRoot/<revision>`, created once. */
  async snapshot(revision: string, snapshotRoot: string): Promise<string> {
    const dir = join(snapshotRoot, revision);
    if (existsSync(dir)) return dir;
    mkdirSync(snapshotRoot, { recursive: true });
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    // Export the tree without worktree bookkeeping: `git archive` piped through tar would need a
    // shell; `--work-tree checkout` into a private index keeps the cache repository untouched.
    await this.git({ GIT_INDEX_FILE: join(this.repoDir, `index-${process.pid}`) })
      .raw(['--work-tree', tmp, 'checkout', '--force', revision, '--', '.'])
      .catch(async (err: Error) => {
        rmSync(tmp, { recursive: true, force: true });
        throw new Error(`cannot check out ${revision}: ${redact(err.message.trim(), this.auth)}`);
      });
    rmSync(join(this.repoDir, `index-${process.pid}`), { force: true });
    renameSync(tmp, dir);
    return dir;
  }
}
