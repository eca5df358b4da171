/**
 * An environments module ("app") exports `allEnvironments(context?): Environment[]`. The synth
 * engine loads it by path, in the main thread and in each worker thread, with the same context.
 */
import type { Environment } from '../environment';

/** What the caller of synth tells the app (from flags or environment variables, read at the edge). */
export interface SynthContext {
  /**
   * Branches to synthesise a preview environment for (`ferry synth --preview BRANCH...` or
   * `FERRY_PREVIEW_BRANCHES`). @default the app's own list
   */
  readonly previewBranches?: readonly string[];
  /**
   * The operator image for ferry-system (`FERRY_OPERATOR_IMAGE`, e.g. the image CI just pushed).
   * @default the app's own (environments/platform.ts)
   */
  readonly operatorImage?: string;
  /**
   * The deploy repository every Environment reads (`FERRY_DEPLOY_REPO`), e.g. a local bare
   * repository to try a deploy branch against a local cluster. @default the app's own
   */
  readonly deployRepo?: string;
  /** The deploy branch every Environment reads (`FERRY_DEPLOY_BRANCH`). @default the app's own */
  readonly deployBranch?: string;
}

export interface AppModule {
  allEnvironments(context?: SynthContext): readonly Environment[];
}

/** Thrown when the app module cannot be found (a usage error: wrong --app). */
export class AppNotFoundError extends Error {
  constructor(readonly modulePath: string) {
    super(`cannot load environments module ${modulePath} (set --app or FERRY_APP)`);
    this.name = 'AppNotFoundError';
  }
}

export function loadEnvironments(modulePath: string, context: SynthContext = {}): readonly Environment[] {
  let mod: Partial<AppModule>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(modulePath) as Partial<AppModule>;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && e.message.includes(modulePath))
      throw new AppNotFoundError(modulePath);
    throw err;
  }
  if (typeof mod.allEnvironments !== 'function') {
    throw new Error(`${modulePath} does not export allEnvironments(): Environment[]`);
  }
  return mod.allEnvironments(context);
}

/** Branch names from a whitespace-separated list (git branch names cannot contain whitespace). */
export function parseBranchList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text.split(/\s+/).filter(Boolean);
}

/**
 * The synth context from the environment variables of the process (read at the edge:
 * `ferry synth`, `cdk8s synth`): `FERRY_PREVIEW_BRANCHES` (unless `previewBranches` is given),
 * `FERRY_OPERATOR_IMAGE`, `FERRY_DEPLOY_REPO` and `FERRY_DEPLOY_BRANCH`. Empty means unset.
 */
export function contextFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  previewBranches?: readonly string[],
): SynthContext {
  return {
    previewBranches: previewBranches ?? parseBranchList(env.FERRY_PREVIEW_BRANCHES),
    operatorImage: env.FERRY_OPERATOR_IMAGE || undefined,
    deployRepo: env.FERRY_DEPLOY_REPO || undefined,
    deployBranch: env.FERRY_DEPLOY_BRANCH || undefined,
  };
}
