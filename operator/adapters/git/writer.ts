/**
 * A private workspace for writing one branch of a remote: a temporary bare repository that
 * fetches the branch tip (depth 1), builds a tree from the tip plus file updates in a private
 * index, commits it and pushes without force. A push that loses a race is reported, never forced.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { gitIn, identityEnv, redact, run, type GitAuth, type GitIdentity } from './env';
import { listTree, readBlobs, type TreeEntry } from './objects';

/** One path of the new tree: a file from disk, or null to remove the path. */
export interface TreeUpdate {
  readonly path: string;
  /** Blob id (from `hashFiles`), or null to remove. */
  readonly sha: string | null;
  readonly mode?: string;
}

export type PushOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

export class BranchWriter {
  private constructor(
    readonly url: string,
    private readonly dir: string,
    private readonly auth: GitAuth,
  ) {}

  static async open(url: string, auth: GitAuth = {}): Promise<BranchWriter> {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-publish-'));
    await simpleGit({ baseDir: dir }).init(true);
    return new BranchWriter(url, dir, auth);
  }

  private git(env: Record<string, string> = {}, input?: string) {
    return gitIn(this.dir, this.auth, { env, ...(input !== undefined ? { input } : {}) });
  }

  /** The branch tip on the remote, or null when the branch does not exist. */
  async remoteTip(branch: string): Promise<string | null> {
    const out = await run(this.git(), ['ls-remote', '--heads', this.url, `refs/heads/${branch}`], this.auth);
    const line = out.split('\n').find((l) => l.endsWith(`\trefs/heads/${branch}`));
    return line ? line.split('\t')[0]! : null;
  }

  /** Fetch the branch tip (depth 1); returns it, or null when the branch does not exist yet. */
  async fetch(branch: string): Promise<string | null> {
    const tip = await this.remoteTip(branch);
    if (tip === null) return null;
    await run(
      this.git(),
      ['fetch', '--depth=1', '--no-tags', '--force', this.url, `+refs/heads/${branch}:refs/ferry/tip`],
      this.auth,
    );
    return (await run(this.git(), ['rev-parse', 'refs/ferry/tip'], this.auth)).trim();
  }

  listTree(rev: string, folders: readonly string[] = []): Promise<TreeEntry[]> {
    return listTree(this.dir, this.auth, rev, folders);
  }

  readBlobs(shas: readonly string[]): Promise<Map<string, Buffer>> {
    return readBlobs(this.dir, this.auth, shas);
  }

  /** The full message of a fetched commit. */
  async message(rev: string): Promise<string> {
    return run(this.git(), ['log', '-1', '--format=%B', rev], this.auth);
  }

  /** Blob ids of files on disk, in order; `write` stores them in the workspace. */
  async hashFiles(paths: readonly string[], write: boolean): Promise<string[]> {
    if (!paths.length) return [];
    const args = ['hash-object', '--no-filters', ...(write ? ['-w'] : []), '--stdin-paths'];
    const out = await run(gitIn(this.dir, this.auth, { input: paths.join('\n') + '\n' }), args, this.auth);
    const shas = out.trim().split('\n');
    if (shas.length !== paths.length)
      throw new Error(`git hash-object returned ${shas.length} ids for ${paths.length} files`);
    return shas;
  }

  /** The tree id of `base` (null: empty) with `updates` applied. */
  async writeTree(base: string | null, updates: readonly TreeUpdate[]): Promise<string> {
    const index = join(this.dir, `index-${process.pid}-${Date.now()}`);
    const env = { GIT_INDEX_FILE: index };
    try {
      await run(this.git(env), base ? ['read-tree', base] : ['read-tree', '--empty'], this.auth);
      const zero = '0'.repeat(40);
      const lines = updates.map((u) =>
        u.sha === null ? `0 ${zero}\t${u.path}` : `${u.mode ?? '100644'} ${u.sha}\t${u.path}`,
      );
      if (lines.length) {
        await run(this.git(env, lines.join('\0') + '\0'), ['update-index', '-z', '--index-info'], this.auth);
      }
      return (await run(this.git(env), ['write-tree'], this.auth)).trim();
    } finally {
      rmSync(index, { force: true });
    }
  }

  async treeOf(rev: string): Promise<string> {
    return (await run(this.git(), ['rev-parse', `${rev}^{tree}`], this.auth)).trim();
  }

  async commitTree(
    tree: string,
    parent: string | null,
    message: string,
    author: GitIdentity,
    committer: GitIdentity,
  ): Promise<string> {
    const args = ['commit-tree', '--no-gpg-sign', tree, ...(parent ? ['-p', parent] : []), '-F', '-'];
    const out = await run(this.git(identityEnv(author, committer), message), args, this.auth);
    return out.trim();
  }

  /** Push `commit` to the branch without force: a branch that moved meanwhile rejects it. */
  async push(commit: string, branch: string): Promise<PushOutcome> {
    try {
      await this.git().raw(['push', '--quiet', this.url, `${commit}:refs/heads/${branch}`]);
      return { ok: true };
    } catch (err) {
      return { ok: false, message: redact((err as Error).message.trim(), this.auth) };
    }
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
