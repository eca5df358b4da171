/**
 * Field-level differences between two versions of a manifest, for review summaries. Pure.
 * Paths read like `spec.template.spec.containers[api].image`: lists of named items (containers,
 * ports, env) are matched by name, other lists by position.
 */

export interface FieldChange {
  readonly path: string;
  /** undefined: the field was added. */
  readonly before: unknown;
  /** undefined: the field was removed. */
  readonly after: unknown;
}

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => !!v && typeof v === 'object' && !Array.isArray(v);

function named(list: readonly Json[]): Map<string, Json> | null {
  const map = new Map<string, Json>();
  for (const item of list) {
    const name = isObject(item) ? item.name : undefined;
    if (typeof name !== 'string' || map.has(name)) return null;
    map.set(name, item);
  }
  return map;
}

function join(prefix: string, key: string): string {
  if (!prefix) return key;
  return /^[A-Za-z_][\w-]*$/.test(key) ? `${prefix}.${key}` : `${prefix}["${key}"]`;
}

export function fieldChanges(before: Json, after: Json, path = ''): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => fieldChanges(before[k], after[k], join(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const b = named(before);
    const a = named(after);
    if (b && a) {
      const names = [...new Set([...b.keys(), ...a.keys()])];
      return names.flatMap((n) => fieldChanges(b.get(n), a.get(n), `${path}[${n}]`));
    }
    const n = Math.max(before.length, after.length);
    const out: FieldChange[] = [];
    for (let i = 0; i < n; i++) out.push(...fieldChanges(before[i], after[i], `${path}[${i}]`));
    return out;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '(document)', before, after }];
}

/** `path: before -> after`, values as compact JSON, long values shortened. */
export function formatFieldChange(c: FieldChange, max = 60): string {
  const show = (v: unknown): string => {
    if (v === undefined) return '(none)';
    const s = JSON.stringify(v);
    return s.length > max ? `${s.slice(0, max - 1)}…` : s;
  };
  return `${c.path}: ${show(c.before)} -> ${show(c.after)}`;
}
