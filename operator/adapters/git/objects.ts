/** Reading trees and blobs of a repository (shared by the branch writer and the history reader). */
import { gitIn, redact, run, type GitAuth } from './env';

export interface TreeEntry {
  /** `100644`, `100755`, `120000` (symlink). */
  readonly mode: string;
  readonly sha: string;
  /** Slash-separated path from the repository root. */
  readonly path: string;
}

/** Every file of `rev`'s tree (recursively), optionally only under the given folders. */
export async function listTree(
  dir: string,
  auth: GitAuth,
  rev: string,
  folders: readonly string[] = [],
): Promise<TreeEntry[]> {
  const args = ['ls-tree', '-r', '-z', '--full-tree', rev];
  if (folders.length) args.push('--', ...folders.map((f) => `${f}/`));
  const out = await run(gitIn(dir, auth), args, auth);
  const entries: TreeEntry[] = [];
  for (const record of out.split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, sha] = record.slice(0, tab).split(' ');
    if (type === 'blob') entries.push({ mode: mode!, sha: sha!, path: record.slice(tab + 1) });
  }
  return entries;
}

/** The content of each blob (one `git cat-file --batch` process). */
export async function readBlobs(
  dir: string,
  auth: GitAuth,
  shas: readonly string[],
): Promise<Map<string, Buffer>> {
  const unique = [...new Set(shas)];
  const result = new Map<string, Buffer>();
  if (!unique.length) return result;
  let out: Buffer;
  try {
    out = await gitIn(dir, auth, { input: unique.join('\n') + '\n' }).binaryCatFile(['--batch']);
  } catch (err) {
    throw new Error(redact((err as Error).message.trim(), auth));
  }
  let pos = 0;
  for (const sha of unique) {
    const eol = out.indexOf(10, pos);
    const header = out.subarray(pos, eol).toString('utf8').split(' ');
    if (header[1] === 'missing') throw new Error(`object ${sha} is missing from the repository`);
    const size = Number(header[2]);
    result.set(sha, out.subarray(eol + 1, eol + 1 + size));
    pos = eol + 1 + size + 1;
  }
  return result;
}

/** A changed path between two trees (`git diff-tree -r`). Absent sides are null. */
export interface TreeChange {
  readonly path: string;
  readonly before: string | null;
  readonly after: string | null;
}

const ZERO = /^0+$/;

/** Files that differ between `from` (null: the empty tree) and `to`, under `folder`. */
export async function diffTrees(
  dir: string,
  auth: GitAuth,
  from: string | null,
  to: string,
  folder: string,
): Promise<TreeChange[]> {
  if (from === null) {
    return (await listTree(dir, auth, to, [folder])).map((e) => ({
      path: e.path,
      before: null,
      after: e.sha,
    }));
  }
  const out = await run(
    gitIn(dir, auth),
    ['diff-tree', '-r', '-z', '--no-renames', from, to, '--', `${folder}/`],
    auth,
  );
  const parts = out.split('\0');
  const changes: TreeChange[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const meta = parts[i]!.replace(/^:/, '').split(' ');
    const path = parts[i + 1]!;
    if (meta.length < 4) continue;
    const before = ZERO.test(meta[2]!) ? null : meta[2]!;
    const after = ZERO.test(meta[3]!) ? null : meta[3]!;
    changes.push({ path, before, after });
  }
  return changes;
}
