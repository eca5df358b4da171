/**
 * Drift detection without writes. Pure functions:
 * - `manifestHash`: what Ferry last meant to apply, stored on the object as an annotation;
 * - `isSubset`: every field Ferry sets still has its value in the live object (extra fields the
 *   API server or controllers add are fine; an empty value may be absent live only where the
 *   server is known to drop it, see normalization.ts);
 * - `fieldChanges`: the field-level difference between the live object and a server-side
 *   dry-run result, ignoring bookkeeping the server rewrites on every write.
 * An object whose hash matches and whose fields are a subset of the live object is unchanged
 * with no request at all; anything else goes through a server-side dry run and is written only
 * if the dry run would change it.
 */
import { createHash } from 'node:crypto';
import { isEmptyValue } from './normalization';

export const APPLIED_HASH_ANNOTATION = 'ferry.dev/applied-hash';

type Json = unknown;

function stableStringify(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, Json>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(v);
}

/** A short, key-order independent hash of a manifest (without the hash annotation itself). */
export function manifestHash(manifest: Record<string, Json>): string {
  const meta = (manifest.metadata ?? {}) as Record<string, Json>;
  const annotations = { ...((meta.annotations ?? {}) as Record<string, string>) };
  delete annotations[APPLIED_HASH_ANNOTATION];
  const copy = { ...manifest, metadata: { ...meta, annotations } };
  return createHash('sha256').update(stableStringify(copy)).digest('hex').slice(0, 16);
}

/**
 * True when every value in `desired` is present and equal in `live` (lists element-wise). An
 * empty value (false, 0, '', [], {}, null) matches an absent live field only when its path is in
 * `dropped` — the paths the server was seen to omit for this kind. Anything else is left to a
 * server-side dry run.
 */
export function isSubset(desired: Json, live: Json, dropped: ReadonlySet<string> = NONE, path = ''): boolean {
  if (live === undefined) return isEmptyValue(desired) && dropped.has(path);
  if (Array.isArray(desired)) {
    return (
      Array.isArray(live) &&
      desired.length === live.length &&
      desired.every((d, i) => isSubset(d, live[i], dropped, `${path}[]`))
    );
  }
  if (desired && typeof desired === 'object') {
    if (!live || typeof live !== 'object' || Array.isArray(live)) return false;
    const l = live as Record<string, Json>;
    return Object.entries(desired as Record<string, Json>).every(([k, v]) =>
      isSubset(v, l[k], dropped, path ? `${path}.${k}` : k),
    );
  }
  return desired === live;
}

const NONE: ReadonlySet<string> = new Set();

const VOLATILE_METADATA = ['managedFields', 'resourceVersion', 'generation', 'creationTimestamp', 'uid'];

/** Drop what the server rewrites on every write, so equal objects compare equal. */
export function comparable(obj: Record<string, Json>): Record<string, Json> {
  const meta = { ...((obj.metadata ?? {}) as Record<string, Json>) };
  for (const k of VOLATILE_METADATA) delete meta[k];
  const out: Record<string, Json> = { ...obj, metadata: meta };
  delete out.status;
  return out;
}

export interface FieldChange {
  /** Dotted path, list indexes in brackets: `spec.template.spec.containers[0].image`. */
  readonly path: string;
  readonly from: Json;
  readonly to: Json;
}

/** Field-level changes from `before` to `after` (both already `comparable`). */
export function fieldChanges(before: Json, after: Json, path = ''): FieldChange[] {
  if (stableStringify(before) === stableStringify(after)) return [];
  const bothObjects =
    before &&
    after &&
    typeof before === 'object' &&
    typeof after === 'object' &&
    !Array.isArray(before) &&
    !Array.isArray(after);
  if (bothObjects) {
    const b = before as Record<string, Json>;
    const a = after as Record<string, Json>;
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    return keys.flatMap((k) => fieldChanges(b[k], a[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((b, i) => fieldChanges(b, after[i], `${path}[${i}]`));
  }
  return [{ path, from: before, to: after }];
}

/** One line per change, for `ferry diff`. */
export function formatChange(c: FieldChange): string {
  const show = (v: Json): string => (v === undefined ? '(unset)' : JSON.stringify(v));
  return `${c.path}: ${show(c.from)} → ${show(c.to)}`;
}
