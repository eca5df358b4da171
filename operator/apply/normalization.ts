/**
 * Which empty fields does the API server drop? A manifest may say `hostNetwork: false` or
 * `externalIPs: []`; the server stores and returns nothing for those (Go's omitempty), so a live
 * object without them is still in sync. But `allowPrivilegeEscalation: false` or
 * `automountServiceAccountToken: false` are kept (pointer fields): when they are missing live,
 * someone removed them, and since both default to *true*, that is drift that matters.
 *
 * Ferry never guesses which is which. It learns it from the server: every dry run and every apply
 * returns the object as the server stores it, and for each empty value of the manifest the answer
 * either has the field (kept) or not (dropped). Only paths seen dropped let the zero-request fast
 * path treat "absent live" as equal; anything unknown goes to a server-side dry run, which decides.
 * The knowledge is kept per `group/version/Kind` in the inventory, so a no-op re-sync in a new
 * process still sends no dry run for objects it has seen before.
 *
 * Paths are dotted, with `[]` for any list element: `spec.template.spec.hostNetwork`,
 * `spec.template.spec.containers[].ports[].hostIP`.
 */
import type { KubeObject } from '../adapters/kube';

export type Json = unknown;

/** `false`, `0`, `''`, `[]`, `{}` and `null`: values the server may omit. */
export function isEmptyValue(v: Json): boolean {
  if (v === null || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}

export function gvkOf(obj: { apiVersion: string; kind: string }): string {
  const i = obj.apiVersion.indexOf('/');
  return i < 0 ? `/${obj.apiVersion}/${obj.kind}` : `${obj.apiVersion}/${obj.kind}`;
}

interface EmptyLeaf {
  /** Generalised path (`[]` for list indexes). */
  readonly path: string;
  /** Where to look in another object: keys and indexes. */
  readonly at: readonly (string | number)[];
}

/** Every empty value in `manifest` with its path. */
export function emptyLeaves(v: Json, path = '', at: (string | number)[] = []): EmptyLeaf[] {
  if (isEmptyValue(v)) return path ? [{ path, at }] : [];
  if (Array.isArray(v)) return v.flatMap((x, i) => emptyLeaves(x, `${path}[]`, [...at, i]));
  if (v && typeof v === 'object') {
    return Object.entries(v as Record<string, Json>).flatMap(([k, x]) =>
      emptyLeaves(x, path ? `${path}.${k}` : k, [...at, k]),
    );
  }
  return [];
}

function lookup(v: Json, at: readonly (string | number)[]): { found: boolean } {
  let cur = v;
  for (const k of at) {
    if (cur === null || typeof cur !== 'object') return { found: false };
    const next = (cur as Record<string | number, Json>)[k];
    if (next === undefined) return { found: false };
    cur = next;
  }
  return { found: true };
}

/** Learned knowledge, shared by the syncs of one environment; serialisable into the inventory. */
export class Normalization {
  private readonly dropped = new Map<string, Set<string>>();
  private dirty = false;

  constructor(initial: Readonly<Record<string, readonly string[]>> = {}) {
    for (const [gvk, paths] of Object.entries(initial)) this.dropped.set(gvk, new Set(paths));
  }

  /** Paths the server drops when empty, for one kind. */
  droppedPaths(gvk: string): ReadonlySet<string> {
    return this.dropped.get(gvk) ?? EMPTY;
  }

  /** Learn from the server's answer to applying (or dry-running) `manifest`. */
  learn(manifest: KubeObject, answer: KubeObject): void {
    const gvk = gvkOf(manifest);
    let set = this.dropped.get(gvk);
    for (const leaf of emptyLeaves(manifest)) {
      const kept = lookup(answer, leaf.at).found;
      if (!kept && !set?.has(leaf.path)) {
        set ??= new Set();
        this.dropped.set(gvk, set);
        set.add(leaf.path);
        this.dirty = true;
      } else if (kept && set?.delete(leaf.path)) {
        // Seen kept somewhere: never trust absence for this path again.
        this.dirty = true;
      }
    }
  }

  /** True when something was learned since construction (worth persisting). */
  get changed(): boolean {
    return this.dirty;
  }

  toJSON(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const gvk of [...this.dropped.keys()].sort()) {
      const paths = [...this.dropped.get(gvk)!].sort();
      if (paths.length) out[gvk] = paths;
    }
    return out;
  }
}

const EMPTY: ReadonlySet<string> = new Set();
