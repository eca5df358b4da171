/** Flags and environment → configuration of the deploy-branch commands (publish, history). */
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from './index';

export interface GitCredentialFlags {
  readonly token?: string;
  readonly sshKey?: string;
}

export interface Credentials {
  readonly token?: string;
  readonly sshKeyPath?: string;
}

/** `--token` / `FERRY_GIT_TOKEN`, `--ssh-key` / `FERRY_GIT_SSH_KEY`. */
export function credentials(flags: GitCredentialFlags): Credentials {
  const token = flags.token ?? process.env.FERRY_GIT_TOKEN;
  const sshKeyPath = flags.sshKey ?? process.env.FERRY_GIT_SSH_KEY;
  return { ...(token ? { token } : {}), ...(sshKeyPath ? { sshKeyPath } : {}) };
}

/** A positive whole number flag. */
export function parseCount(text: string | undefined, fallback: number, field: string): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim())) throw new ConfigError(`${field}: "${text}" is not a whole number`);
  return Number(text);
}

export function validBranch(branch: string, field = '--branch'): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(branch) || branch.includes('..') || branch.endsWith('/')) {
    throw new ConfigError(`${field}: "${branch}" is not a valid branch name`);
  }
  return branch;
}

export function validFolderName(name: string, field: string): string {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    throw new ConfigError(
      `${field}: "${name}" is not an environment name (lowercase letters, digits, dashes)`,
    );
  }
  return name;
}

/** A local path becomes absolute (git runs elsewhere); URLs stay as they are. */
export function repoLocation(repo: string, cwd = process.cwd()): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[^/]+@[^:]+:/.test(repo)) return repo;
  return isAbsolute(repo) ? repo : resolve(cwd, repo);
}
