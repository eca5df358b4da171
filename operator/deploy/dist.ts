/**
 * Reading a synthesised dist/ folder for publishing: its top-level folders (environments, plus
 * `ferry-system/`), their files, and the source commit they were synthesised from.
 */
import { lstatSync, readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DeployInputError } from './errors';

export interface DistFile {
  /** Path inside the folder, slash-separated (`manifests/shop--Service--api.yaml`). */
  readonly rel: string;
  readonly abs: string;
  readonly mode: '100644' | '100755';
}

export interface DistFolder {
  readonly name: string;
  readonly files: readonly DistFile[];
  /** Whether the folder holds an environment.json (ferry-system does not). */
  readonly isEnvironment: boolean;
  /** From environment.json; null for folders without one, or synthesised outside git. */
  readonly sourceCommit: string | null;
}

/** Folders published without an environment.json (they are not environments). */
export const SYSTEM_FOLDERS: readonly string[] = ['ferry-system'];

const FOLDER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function walk(root: string, rel: string, out: DistFile[]): void {
  for (const entry of readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    const abs = join(root, r);
    const st = lstatSync(abs);
    if (st.isSymbolicLink())
      throw new DeployInputError(`${abs} is a symbolic link; the deploy format holds plain files`);
    if (st.isDirectory()) walk(root, r, out);
    else out.push({ rel: r, abs, mode: st.mode & 0o111 ? '100755' : '100644' });
  }
}

export function readEnvironmentJson(text: string, where: string): { sourceCommit: string | null } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new DeployInputError(`${where}: not valid JSON (${(err as Error).message}); re-run ferry synth`);
  }
  const sc = (doc as { sourceCommit?: unknown } | null)?.sourceCommit;
  if (
    sc !== null &&
    sc !== undefined &&
    (typeof sc !== 'string' || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sc))
  ) {
    throw new DeployInputError(
      `${where}: sourceCommit ${JSON.stringify(sc)} is not a commit id; re-run ferry synth`,
    );
  }
  return { sourceCommit: (sc as string | null | undefined) ?? null };
}

export function readDist(dir: string): DistFolder[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new DeployInputError(`${dir} does not exist; run \`ferry synth\` first (or pass --dist)`);
  }
  const folders: DistFolder[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const abs = join(dir, entry.name);
    if (!entry.isDirectory()) {
      throw new DeployInputError(`${abs} is not an environment folder; dist/ holds only <env>/ folders`);
    }
    if (!FOLDER_NAME.test(entry.name)) {
      throw new DeployInputError(`${abs}: folder name "${entry.name}" is not a DNS label`);
    }
    const files: DistFile[] = [];
    walk(abs, '', files);
    const envJson = join(abs, 'environment.json');
    let sourceCommit: string | null = null;
    const isEnvironment = existsSync(envJson);
    if (isEnvironment) {
      sourceCommit = readEnvironmentJson(readFileSync(envJson, 'utf8'), envJson).sourceCommit;
    } else if (!SYSTEM_FOLDERS.includes(entry.name)) {
      throw new DeployInputError(
        `${abs} has no environment.json, so it is not a synthesised environment; re-run ferry synth or remove the folder`,
      );
    }
    if (!files.length) throw new DeployInputError(`${abs} is empty`);
    folders.push({ name: entry.name, files, isEnvironment, sourceCommit });
  }
  return folders.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The one source commit of every environment in dist/ (they must agree), or null. */
export function distSourceCommit(folders: readonly DistFolder[], dir: string): string | null {
  const commits = new Map<string | null, string[]>();
  for (const f of folders) {
    if (f.isEnvironment) commits.set(f.sourceCommit, [...(commits.get(f.sourceCommit) ?? []), f.name]);
  }
  if (commits.size > 1) {
    const list = [...commits]
      .map(([c, envs]) => `${c ? c.slice(0, 12) : 'none'} (${envs.join(', ')})`)
      .join(', ');
    throw new DeployInputError(
      `${dir} mixes environments synthesised from different source commits: ${list}; re-run ferry synth for all of them`,
    );
  }
  return commits.keys().next().value ?? null;
}
