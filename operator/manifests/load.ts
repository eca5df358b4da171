/**
 * Read a deploy folder (`dist/<env>/`, or `<env>/` at the root of the deploy branch) into a
 * validated environment. The folder must carry environment.json; hand-written manifests go
 * through `parseManifests` directly. Nothing here talks to the cluster: kinds are checked later by
 * `checkKinds` against API discovery.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  FerryError,
  ManifestError,
  type DesiredObject,
  type EnvironmentSpec,
  type ManifestProblem,
} from '../model';
import { ENVIRONMENT_FILE, checkManifestList, parseEnvironmentJson } from './environment';
import { collectManifests, type ManifestFile } from './parse';

export const MANIFESTS_DIR = 'manifests';

export interface LoadedEnvironment {
  readonly dir: string;
  readonly environment: EnvironmentSpec;
  /** Parsed and annotation-checked; namespaces not yet defaulted (see `checkKinds`). */
  readonly objects: readonly DesiredObject[];
  /** Things that did not stop the load (unsupported sync options, Helm hooks Ferry cannot run). */
  readonly warnings: readonly ManifestProblem[];
}

export interface LoadOptions {
  /** Reject the folder unless environment.json names this environment. */
  readonly expectedName?: string;
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Throws ManifestError (every problem at once) or FerryError (folder unreadable). */
export async function loadEnvironmentFolder(
  dir: string,
  options: LoadOptions = {},
): Promise<LoadedEnvironment> {
  let envText: string;
  try {
    envText = await readFile(join(dir, ENVIRONMENT_FILE), 'utf8');
  } catch (err) {
    if (!isNotFound(err))
      throw new FerryError(`cannot read ${join(dir, ENVIRONMENT_FILE)}: ${(err as Error).message}`);
    throw new ManifestError(
      [
        {
          file: ENVIRONMENT_FILE,
          message: 'missing: this is not a Ferry deploy folder (expected the output of ferry synth)',
        },
      ],
      dir,
    );
  }
  const parsed = parseEnvironmentJson(envText);
  if (!parsed.spec) throw new ManifestError(parsed.problems, dir);
  const environment = parsed.spec;
  const problems: ManifestProblem[] = [];
  if (options.expectedName !== undefined && environment.name !== options.expectedName) {
    problems.push({
      file: ENVIRONMENT_FILE,
      message: `describes environment "${environment.name}", expected "${options.expectedName}"`,
    });
  }

  let entries: { name: string; isFile: boolean }[] = [];
  try {
    const dirents = await readdir(join(dir, MANIFESTS_DIR), { withFileTypes: true });
    entries = dirents.map((d) => ({ name: d.name, isFile: d.isFile() }));
  } catch (err) {
    if (!isNotFound(err))
      throw new FerryError(`cannot read ${join(dir, MANIFESTS_DIR)}: ${(err as Error).message}`);
  }
  for (const e of entries.filter((x) => !x.isFile)) {
    problems.push({
      file: `${MANIFESTS_DIR}/${e.name}`,
      message: 'unexpected entry: manifests/ holds only files',
    });
  }
  const present = entries.filter((e) => e.isFile).map((e) => `${MANIFESTS_DIR}/${e.name}`);
  problems.push(...checkManifestList(environment.manifests, present));

  const readable = environment.manifests.filter((f) => present.includes(f));
  const files: ManifestFile[] = await Promise.all(
    readable.map(async (path) => ({ path, content: await readFile(join(dir, path), 'utf8') })),
  );
  const result = collectManifests(files);
  problems.push(...result.problems);
  if (problems.length > 0) throw new ManifestError(problems, dir);
  return { dir, environment, objects: result.objects, warnings: result.warnings };
}
