/**
 * The user's environments module as the authoring commands see it: `allEnvironments()` (required),
 * `promotions` (the declared promotion order) and `previewEnvironment(branch)` (per-branch
 * previews). Located by `--app`, else `$FERRY_APP`, else `./environments`.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Environment } from '../environment';
import type { Promotion } from '../promotion';

export interface AuthoringApp {
  /** Absolute path of the module as given (a folder or a file). */
  readonly path: string;
  /** The folder holding it: where `versions.ts` is looked for. */
  readonly dir: string;
  readonly environments: readonly Environment[];
  readonly promotions: readonly Promotion[];
  readonly previewEnvironment?: (branch: string) => Environment;
}

/** Bad input to an authoring command (exit 2). */
export class AuthoringError extends Error {
  override name = 'AuthoringError';
}

export function appPath(flag: string | undefined, cwd = process.cwd()): string {
  return resolve(cwd, flag || process.env.FERRY_APP || 'environments');
}

export function loadApp(path: string): AuthoringApp {
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(path) as Record<string, unknown>;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && e.message.includes(path)) {
      throw new AuthoringError(`cannot load environments module ${path} (set --app or FERRY_APP)`);
    }
    throw err;
  }
  if (typeof mod.allEnvironments !== 'function') {
    throw new AuthoringError(`${path} does not export allEnvironments(): Environment[]`);
  }
  const promotions = mod.promotions ?? [];
  const isPromotion = (p: unknown) =>
    typeof (p as Promotion | null)?.source === 'string' && typeof (p as Promotion).target === 'string';
  if (!Array.isArray(promotions) || !promotions.every(isPromotion)) {
    throw new AuthoringError(`${path}: \`promotions\` must be an array of Promotion.from(A).to(B)`);
  }
  const preview = mod.previewEnvironment;
  if (preview !== undefined && typeof preview !== 'function') {
    throw new AuthoringError(
      `${path}: \`previewEnvironment\` must be a function (branch: string) => Environment`,
    );
  }
  const isDir = existsSync(path) && statSync(path).isDirectory();
  return {
    path,
    dir: isDir ? path : dirname(path),
    environments: (mod.allEnvironments as () => readonly Environment[])(),
    promotions: promotions as Promotion[],
    ...(preview ? { previewEnvironment: preview as (branch: string) => Environment } : {}),
  };
}
