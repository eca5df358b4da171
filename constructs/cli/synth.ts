/**
 * `ferry synth [--env NAME...] [--out DIR] [--app MODULE] [--preview BRANCH...]`: synthesise
 * environments into the deploy format (`<out>/<env>/`). Exit codes: 0 all written, 2 invalid
 * input (validation issues, unknown environment, unloadable app module), 1 anything else.
 */
import * as path from 'node:path';
import { formatIssue } from '../issues';
import {
  AppNotFoundError,
  contextFromEnv,
  sourceCommit,
  synthEnvironments,
  typecheckApp,
  TypecheckUnavailableError,
  UnknownEnvironmentError,
} from '../synth';

export interface SynthCommandOptions {
  readonly env?: string[];
  readonly out: string;
  /** Environments module exporting allEnvironments(). @default $FERRY_APP, else ./environments */
  readonly app?: string;
  /** Preview branches. @default $FERRY_PREVIEW_BRANCHES (whitespace-separated), else the app's list */
  readonly preview?: string[];
  /** Type-check the environments module first; type errors exit 2 with nothing written. @default false */
  readonly typecheck?: boolean;
}

export async function synthCommand(opts: SynthCommandOptions): Promise<number> {
  const started = performance.now();
  const cwd = process.cwd();
  const app = path.resolve(cwd, opts.app ?? process.env.FERRY_APP ?? 'environments');
  if (opts.typecheck) {
    const code = typecheck(app, cwd);
    if (code !== 0) return code;
  }
  let result;
  try {
    result = await synthEnvironments({
      app,
      only: opts.env,
      outDir: path.resolve(cwd, opts.out),
      sourceCommit: sourceCommit(cwd),
      context: contextFromEnv(process.env, opts.preview),
      log: (line) => process.stdout.write(`${line}\n`),
    });
  } catch (err) {
    if (err instanceof UnknownEnvironmentError || err instanceof AppNotFoundError) {
      process.stderr.write(`ferry synth: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`ferry synth: ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
  if (!result.ok) {
    for (const issue of result.issues) process.stderr.write(`${formatIssue(issue)}\n`);
    const failed = [...new Set(result.issues.map((i) => i.env))];
    process.stderr.write(
      `ferry synth: ${result.issues.length} problem${result.issues.length === 1 ? '' : 's'}; not written: ${failed.join(', ') || '(none)'}\n`,
    );
    return 2;
  }
  const objects = result.environments.reduce((n, r) => n + r.objectCount, 0);
  process.stdout.write(
    `synthesised ${result.environments.length} environment${result.environments.length === 1 ? '' : 's'} (${objects} objects) into ${opts.out} in ${Math.round(performance.now() - started)} ms\n`,
  );
  return 0;
}

function typecheck(app: string, cwd: string): number {
  process.stdout.write('type-checking the environments…\n');
  let result;
  try {
    result = typecheckApp(app, cwd);
  } catch (err) {
    process.stderr.write(`ferry synth: ${(err as Error).message}\n`);
    return err instanceof TypecheckUnavailableError ? 2 : 1;
  }
  if (result.errors.length === 0) {
    process.stdout.write(`type-checked in ${result.millis} ms\n`);
    return 0;
  }
  for (const e of result.errors) process.stderr.write(`${e}\n`);
  const n = result.errors.length;
  process.stderr.write(`ferry synth: ${n} type error${n === 1 ? '' : 's'}; nothing written\n`);
  return 2;
}
