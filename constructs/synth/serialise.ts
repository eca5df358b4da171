/**
 * A small deterministic YAML emitter for Kubernetes objects: keys sorted recursively (the top
 * level starts apiVersion, kind, metadata), block style, sequences indented under their key,
 * strings quoted (JSON style) whenever a plain scalar could be read as something else.
 * Much faster than a general YAML library, and the output never depends on insertion order.
 */

const TOP = ['apiVersion', 'kind', 'metadata'];
// YAML 1.1 and 1.2 words that a plain scalar would turn into booleans or null.
const RESERVED = new Set(
  ['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null', '~'].flatMap((w) => [
    w,
    w.toUpperCase(),
    w[0].toUpperCase() + w.slice(1),
  ]),
);
const SAFE = /^[A-Za-z0-9_./][A-Za-z0-9_./:@=+-]*$/;
const NUMBERISH =
  /^[-+]?(\.?\d[\d_]*(\.[\d_]*)?([eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|\.inf|\.nan)$/i;
const DATEISH = /^\d{4}-\d\d?-\d\d?/;

/** A scalar string as YAML: plain when unambiguous, otherwise JSON-quoted (valid YAML). */
export function yamlString(s: string): string {
  if (
    s.length > 0 &&
    SAFE.test(s) &&
    !s.endsWith(':') &&
    !RESERVED.has(s) &&
    !NUMBERISH.test(s) &&
    !DATEISH.test(s) &&
    !s.startsWith('-') &&
    !s.includes(': ')
  ) {
    return s;
  }
  return JSON.stringify(s);
}

function scalar(v: unknown): string | undefined {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return yamlString(v);
    case 'number':
      if (!Number.isFinite(v)) throw new Error(`cannot serialise number ${v}`);
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return undefined;
  }
}

function sortedKeys(o: Record<string, unknown>, top: boolean): string[] {
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  keys.sort();
  if (!top) return keys;
  const head = TOP.filter((k) => keys.includes(k));
  return [...head, ...keys.filter((k) => !TOP.includes(k))];
}

function emitMap(o: Record<string, unknown>, indent: string, out: string[], top: boolean): void {
  for (const k of sortedKeys(o, top)) {
    const key = yamlString(k);
    const v = o[k];
    const s = scalar(v);
    if (s !== undefined) {
      out.push(`${indent}${key}: ${s}\n`);
    } else if (Array.isArray(v)) {
      if (v.length === 0) out.push(`${indent}${key}: []\n`);
      else {
        out.push(`${indent}${key}:\n`);
        emitSeq(v, indent + '  ', out);
      }
    } else {
      const m = v as Record<string, unknown>;
      if (sortedKeys(m, false).length === 0) out.push(`${indent}${key}: {}\n`);
      else {
        out.push(`${indent}${key}:\n`);
        emitMap(m, indent + '  ', out, false);
      }
    }
  }
}

function emitSeq(a: unknown[], indent: string, out: string[]): void {
  for (const v of a) {
    const s = scalar(v);
    if (s !== undefined) {
      out.push(`${indent}- ${s}\n`);
    } else if (Array.isArray(v)) {
      if (v.length === 0) out.push(`${indent}- []\n`);
      else {
        // A nested sequence: first item on the dash line.
        const inner: string[] = [];
        emitSeq(v, indent + '  ', inner);
        inner[0] = `${indent}- ${inner[0].slice(indent.length + 2)}`;
        out.push(...inner);
      }
    } else {
      const m = v as Record<string, unknown>;
      if (sortedKeys(m, false).length === 0) out.push(`${indent}- {}\n`);
      else {
        const inner: string[] = [];
        emitMap(m, indent + '  ', inner, false);
        inner[0] = `${indent}- ${inner[0].slice(indent.length + 2)}`;
        out.push(...inner);
      }
    }
  }
}

/** One object as a YAML document (no `---`), LF line endings and a trailing newline. */
export function toYaml(obj: Record<string, unknown>): string {
  const out: string[] = [];
  emitMap(obj, '', out, true);
  return out.join('');
}

/** Deep copy of a JSON value with every object's keys sorted (for environment.json parts). */
export function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, sortKeysDeep(o[k])]),
    );
  }
  return v;
}
