/**
 * How every git process of the adapter is started: a hermetic environment (no editors, pagers or
 * ambient GIT_* settings) plus credentials passed as environment variables (GIT_CONFIG_* for an
 * HTTPS token header, GIT_SSH_COMMAND for a key), never in argv, URLs or messages.
 */
import { simpleGit, type SimpleGit } from 'simple-git';
import { redactSecrets } from '../../model';

export interface GitAuth {
  /** HTTPS token, sent as a basic-auth header (user `x-access-token`). */
  readonly token?: string;
  /** Path to an SSH private key. */
  readonly sshKeyPath?: string;
}

/** A commit author or committer. */
export interface GitIdentity {
  readonly name: string;
  readonly email: string;
}

const GUARDED_ENV = [
  'GIT_SSH_COMMAND',
  'GIT_TERMINAL_PROMPT',
  'GIT_CONFIG_COUNT',
  'GIT_CONFIG_KEY_0',
  'GIT_CONFIG_VALUE_0',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_INDEX_FILE',
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
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

export interface GitProcessOptions {
  /** Extra environment (an index file, an identity). */
  readonly env?: Record<string, string>;
  /** Standard input of the git process. */
  readonly input?: string | Buffer;
}

/** A simple-git client in `dir` with the hermetic environment and the credentials of `auth`. */
export function gitIn(dir: string, auth: GitAuth, opts: GitProcessOptions = {}): SimpleGit {
  const git = simpleGit({
    baseDir: dir,
    allowEnvironment: GUARDED_ENV,
    unsafe: { allowUnsafeSshCommand: true, allowUnsafeConfigEnvCount: true, allowUnsafeConfigPaths: true },
    ...(opts.input !== undefined ? { input: () => opts.input } : {}),
    // simple-git treats a non-zero exit with empty stderr as success; `merge-base --is-ancestor`,
    // `rev-parse --verify --quiet` and `config` answer "no" exactly that way.
    errors: (error, result) => {
      if (error || !result.exitCode) return error;
      const output = Buffer.concat([...result.stdErr, ...result.stdOut]);
      return output.length ? output : new Error(`git exited with code ${result.exitCode}`);
    },
  });
  return git.env({ ...baseEnv(), ...authEnv(auth), ...opts.env });
}

/** Identity variables for commit-tree. */
export function identityEnv(author: GitIdentity, committer: GitIdentity): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
  };
}

/** Run a git command; failures become an Error with a redacted, trimmed message. */
export async function run(git: SimpleGit, args: readonly string[], auth: GitAuth): Promise<string> {
  try {
    return await git.raw([...args]);
  } catch (err) {
    throw new Error(redact((err as Error).message.trim(), auth));
  }
}
