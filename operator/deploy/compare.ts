/**
 * Comparing a folder of the deploy branch with the same folder in dist/. Pure: file lists with
 * blob ids in, changed files out.
 */
export interface FileEntry {
  /** Path inside the folder. */
  readonly rel: string;
  readonly sha: string;
  readonly mode: string;
}

export interface FileDiff {
  readonly rel: string;
  /** Blob on the branch, null when the file is new. */
  readonly before: string | null;
  /** Blob in dist/, null when the file is gone. */
  readonly after: string | null;
}

export function diffFolder(branch: readonly FileEntry[], dist: readonly FileEntry[]): FileDiff[] {
  const b = new Map(branch.map((e) => [e.rel, e]));
  const d = new Map(dist.map((e) => [e.rel, e]));
  const diffs: FileDiff[] = [];
  for (const rel of [...new Set([...b.keys(), ...d.keys()])].sort()) {
    const x = b.get(rel);
    const y = d.get(rel);
    if (x && y && x.sha === y.sha && x.mode === y.mode) continue;
    diffs.push({ rel, before: x?.sha ?? null, after: y?.sha ?? null });
  }
  return diffs;
}

/** Branch entries (paths from the root) grouped by top-level folder, paths made folder-relative. */
export function groupByFolder(
  entries: ReadonlyArray<{ path: string; sha: string; mode: string }>,
): Map<string, FileEntry[]> {
  const out = new Map<string, FileEntry[]>();
  for (const e of entries) {
    const slash = e.path.indexOf('/');
    if (slash < 0) continue;
    const folder = e.path.slice(0, slash);
    const list = out.get(folder) ?? [];
    list.push({ rel: e.path.slice(slash + 1), sha: e.sha, mode: e.mode });
    out.set(folder, list);
  }
  return out;
}
