/**
 * Kubernetes resource quantities (`250m`, `0.5`, `2`, `512Mi`, `1Gi`, `1G`, `1e9`): parsing to a
 * number in base units (cores, bytes) and formatting back, for resources given either way.
 */

/** A CPU amount as Kubernetes writes it: `'250m'`, `'0.5'`, `'2'` (or a number of cores). */
export type CpuQuantity = string | number;
/** A memory amount as Kubernetes writes it: `'512Mi'`, `'1Gi'`, `'1G'`, `'1048576'`. */
export type MemoryQuantity = string;

const SUFFIX: Readonly<Record<string, number>> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const QUANTITY = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)|[eE]([-+]?[0-9]+))?$/;

/** The value of a quantity in base units, or undefined when it is not a Kubernetes quantity. */
export function parseQuantity(text: string): number | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[3] !== undefined) return n * 10 ** Number(m[3]);
  return n * SUFFIX[m[2] ?? '']!;
}

/** `[text, millicores]` or a problem. */
export function parseCpu(q: unknown): { text: string; millis: number } | { problem: string } {
  const text = typeof q === 'number' ? String(q) : q;
  if (typeof text !== 'string' || text === '')
    return { problem: `is ${describe(q)}; use e.g. '250m', '0.5' or '2'` };
  const cores = parseQuantity(text);
  if (cores === undefined) return { problem: `"${text}" is not a CPU quantity (e.g. 250m, 0.5, 2)` };
  const millis = Math.round(cores * 1e6) / 1e3;
  if (millis <= 0) return { problem: `(${text}) must be more than 0` };
  if (!Number.isInteger(millis)) return { problem: `(${text}) is finer than 1m, the smallest CPU unit` };
  return { text, millis };
}

/** `[text, bytes]` or a problem. */
export function parseMemory(q: unknown): { text: string; bytes: number } | { problem: string } {
  if (typeof q !== 'string' || q === '') return { problem: `is ${describe(q)}; use e.g. '512Mi' or '1Gi'` };
  if (/^[0-9.]+m$/.test(q)) {
    return { problem: `"${q}" means millibytes; did you mean "${q.slice(0, -1)}Mi"?` };
  }
  const bytes = parseQuantity(q);
  if (bytes === undefined) return { problem: `"${q}" is not a memory quantity (e.g. 512Mi, 1Gi, 1G)` };
  if (bytes < 1) return { problem: `(${q}) must be at least 1 byte` };
  if (!Number.isInteger(bytes)) return { problem: `(${q}) is not a whole number of bytes` };
  return { text: q, bytes };
}

/** Millicores as Kubernetes writes them: `250m`. */
export function formatCpu(millis: number): string {
  return `${millis}m`;
}

/** Bytes in the largest binary unit that divides them exactly: `128Mi`, `1536Mi`, `2Gi`. */
export function formatMemory(bytes: number): string {
  for (const unit of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const) {
    const size = SUFFIX[unit]!;
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === '') return 'empty';
  return `${typeof v} ${JSON.stringify(v)}`;
}
