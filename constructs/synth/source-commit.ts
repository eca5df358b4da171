import { execFileSync } from 'node:child_process';

/**
 * The commit the environments are synthesised from: `$FERRY_SOURCE_COMMIT` when set, else
 * `git rev-parse HEAD` in `cwd`, else null (not a git checkout).
 */
export function sourceCommit(cwd: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const fromEnv = env.FERRY_SOURCE_COMMIT?.trim();
  if (fromEnv) return fromEnv;
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return /^[0-9a-f]{40}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}
