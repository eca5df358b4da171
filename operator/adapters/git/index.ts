/**
 * The git adapter: the only module that imports simple-git. Keeps one bare cache repository per
 * remote URL, fetches a single branch shallowly into it, and checks out immutable snapshots (one
 * detached worktree per revision). Credentials travel in environment variables of the git
 * process (GIT_CONFIG_* for an HTTPS token header, GIT_SSH_COMMAND for a key), never in argv,
 * URLs or messages.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';

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
  let out = message.replace(/(https?:\/\/)[^/@\s]+@/g, '$1***@');
  if (auth.token) out = out.split(auth.token).join('***');
  return out.replace(/Authorization: Basic [A-Za-z0-9+/=]+/g, 'Authorization: ***');
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

  private git(): SimpleGit {
    const git = simpleGit({
      baseDir: this.repoDir,
      allowEnvironment: GUARDED_ENV,
      unsafe: { allowUnsafeSshCommand: true, allowUnsafeConfigEnvCount: true, allowUnsafeConfigPaths: true },
    });
    return git.env({ ...baseEnv(), ...authEnv(this.auth) });
  }

  /** Fetch the tip of one branch (depth 1) and return its commit id. */
  async fetchBranch(branch: string): Promise<string> {
    if (!existsSync(join(this.repoDir, 'HEAD'))) {
      mkdirSync(this.repoDir, { recursive: true });
      await simpleGit({ baseDir: this.repoDir }).init(true);
    }
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
    await this.git()
      .env({
        ...baseEnv(),
        ...authEnv(this.auth),
        GIT_INDEX_FILE: join(this.repoDir, `index-${process.pid}`),
      })
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
