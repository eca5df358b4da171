/**
 * A user's own checkout (the source repository): which commit is checked out, whether one commit
 * descends from another, who wrote a commit, and commits written onto a new branch without
 * touching the work tree or the checked-out branch.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitIn, run, type GitIdentity } from './env';

export interface CommitInfo {
  readonly sha: string;
  readonly subject: string;
  readonly author: GitIdentity;
}

export type Ancestry = 'ancestor' | 'not-ancestor' | 'unknown-commit';

export class LocalRepo {
  private constructor(readonly dir: string) {}

  /** The repository whose work tree contains `dir`, or null when `dir` is not in one. */
  static async find(dir: string): Promise<LocalRepo | null> {
    if (!existsSync(dir)) return null;
    try {
      const top = (await gitIn(dir, {}).raw(['rev-parse', '--show-toplevel'])).trim();
      return top ? new LocalRepo(top) : null;
    } catch {
      return null;
    }
  }

  private git(opts: { env?: Record<string, string>; input?: string } = {}) {
    return gitIn(this.dir, {}, opts);
  }

  async head(): Promise<string> {
    return (await run(this.git(), ['rev-parse', 'HEAD'], {})).trim();
  }

  async hasCommit(sha: string): Promise<boolean> {
    try {
      await this.git().raw(['cat-file', '-e', `${sha}^{commit}`]);
      return true;
    } catch {
      return false;
    }
  }

  /** Whether `older` is `newer` or one of its ancestors. */
  async ancestry(older: string, newer: string): Promise<Ancestry> {
    if (!(await this.hasCommit(older)) || !(await this.hasCommit(newer))) return 'unknown-commit';
    try {
      await this.git().raw(['merge-base', '--is-ancestor', older, newer]);
      return 'ancestor';
    } catch {
      return 'not-ancestor';
    }
  }

  async commit(sha: string): Promise<CommitInfo | null> {
    if (!(await this.hasCommit(sha))) return null;
    const out = await run(this.git(), ['log', '-1', '--format=%H%x00%an%x00%ae%x00%s', sha], {});
    const [full, name, email, subject] = out.replace(/\n$/, '').split('\0');
    return { sha: full!, subject: subject ?? '', author: { name: name!, email: email! } };
  }

  /** URL of a remote, or null when it is not configured. */
  async remoteUrl(name = 'origin'): Promise<string | null> {
    try {
      return (await this.git().raw(['remote', 'get-url', name])).trim() || null;
    } catch {
      return null;
    }
  }

  /** The user's configured identity (user.name / user.email), or null. */
  async identity(): Promise<GitIdentity | null> {
    try {
      const name = (await this.git().raw(['config', 'user.name'])).trim();
      const email = (await this.git().raw(['config', 'user.email'])).trim();
      return name && email ? { name, email } : null;
    } catch {
      return null;
    }
  }

  /** Content of `path` at `rev`, or null when the file does not exist there. */
  async show(rev: string, path: string): Promise<string | null> {
    try {
      return await this.git().raw(['show', `${rev}:${path}`]);
    } catch {
      return null;
    }
  }

  /** Whether `path` has uncommitted changes (staged or not) in the work tree. */
  async isDirty(path: string): Promise<boolean> {
    const out = await run(this.git(), ['status', '--porcelain', '--', path], {});
    return out.trim() !== '';
  }

  async branchExists(branch: string): Promise<boolean> {
    try {
      await this.git().raw(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Commit `files` (path relative to the repository root → content) on top of `base` as the new
   * branch `branch`. The work tree, the index and the checked-out branch are left alone.
   */
  async commitOnNewBranch(
    branch: string,
    base: string,
    files: ReadonlyMap<string, string>,
    message: string,
  ): Promise<string> {
    if (await this.branchExists(branch)) {
      throw new Error(`branch ${branch} already exists; delete it or choose another name with --branch`);
    }
    const scratch = mkdtempSync(join(tmpdir(), 'ferry-index-'));
    const env = { GIT_INDEX_FILE: join(scratch, 'index') };
    try {
      await run(this.git({ env }), ['read-tree', base], {});
      const lines: string[] = [];
      for (const [path, content] of files) {
        const sha = (await run(this.git({ input: content }), ['hash-object', '-w', '--stdin'], {})).trim();
        lines.push(`100644 ${sha}\t${path}`);
      }
      await run(
        this.git({ env, input: lines.join('\0') + '\0' }),
        ['update-index', '-z', '--index-info'],
        {},
      );
      const tree = (await run(this.git({ env }), ['write-tree'], {})).trim();
      const commit = (
        await run(this.git({ input: message }), ['commit-tree', tree, '-p', base, '-F', '-'], {})
      ).trim();
      await run(this.git(), ['update-ref', `refs/heads/${branch}`, commit, ''], {});
      return commit;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}
