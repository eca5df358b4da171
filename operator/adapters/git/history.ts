/**
 * The full history of a deploy branch, cached in one bare repository per remote URL (apart from
 * the sync source's shallow cache): the commits touching a folder, what each changed, and diffs.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { gitIn, run, type GitAuth } from './env';
import { diffTrees, readBlobs, type TreeChange } from './objects';

export interface LogEntry {
  readonly revision: string;
  /** First parent, or null for the branch's first commit. */
  readonly parent: string | null;
  readonly author: string;
  readonly authorEmail: string;
  /** ISO 8601 commit date. */
  readonly date: string;
  readonly message: string;
}

const REF = 'refs/ferry/history';

export class BranchHistory {
  readonly repoDir: string;

  constructor(
    readonly url: string,
    cacheRoot: string,
    private readonly auth: GitAuth = {},
  ) {
    this.repoDir = join(cacheRoot, createHash('sha256').update(url).digest('hex').slice(0, 16));
  }

  private git(input?: string) {
    return gitIn(this.repoDir, this.auth, input !== undefined ? { input } : {});
  }

  /** Fetch the whole branch; returns its tip. */
  async fetch(branch: string): Promise<string> {
    if (!existsSync(join(this.repoDir, 'HEAD'))) {
      mkdirSync(this.repoDir, { recursive: true });
      await simpleGit({ baseDir: this.repoDir }).init(true);
    }
    await run(
      this.git(),
      ['fetch', '--no-tags', '--force', this.url, `+refs/heads/${branch}:${REF}`],
      this.auth,
    );
    return (await run(this.git(), ['rev-parse', REF], this.auth)).trim();
  }

  /** Commits of the fetched branch touching `folder/`, newest first (first-parent history). */
  async log(folder: string, limit: number): Promise<LogEntry[]> {
    const format = '%H%x00%P%x00%an%x00%ae%x00%cI%x00%B%x1e';
    const out = await run(
      this.git(),
      ['log', '--first-parent', `--max-count=${limit}`, `--format=${format}`, REF, '--', `${folder}/`],
      this.auth,
    );
    return out
      .split('\x1e')
      .map((r) => r.replace(/^\n/, ''))
      .filter((r) => r.includes('\0'))
      .map((record) => {
        const [revision, parents, author, authorEmail, date, message] = record.split('\0');
        return {
          revision: revision!,
          parent: parents ? parents.split(' ')[0]! : null,
          author: author!,
          authorEmail: authorEmail!,
          date: date!,
          message: message!.trimEnd(),
        };
      });
  }

  /** The full commit id of a revision (prefix) of the fetched branch, or null. */
  async resolve(rev: string): Promise<string | null> {
    try {
      return (await this.git().raw(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])).trim() || null;
    } catch {
      return null;
    }
  }

  /** Whether `rev` is on the fetched branch (the tip or one of its ancestors). */
  async onBranch(rev: string): Promise<boolean> {
    try {
      await this.git().raw(['merge-base', '--is-ancestor', rev, REF]);
      return true;
    } catch {
      return false;
    }
  }

  async tip(): Promise<string> {
    return (await run(this.git(), ['rev-parse', REF], this.auth)).trim();
  }

  changes(from: string | null, to: string, folder: string): Promise<TreeChange[]> {
    return diffTrees(this.repoDir, this.auth, from, to, folder);
  }

  readBlobs(shas: readonly string[]): Promise<Map<string, Buffer>> {
    return readBlobs(this.repoDir, this.auth, shas);
  }

  /** A unified diff of `folder/` between two revisions. */
  async patch(from: string, to: string, folder: string): Promise<string> {
    return run(this.git(), ['diff', '--no-color', '--no-renames', from, to, '--', `${folder}/`], this.auth);
  }
}
