/** Safe reads of `unknown` object fields, so health rules stay short and never throw. */
import type { KubeObject } from '../model';

export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

export function get(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

export function num(obj: unknown, ...path: string[]): number | undefined {
  const v = get(obj, ...path);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function str(obj: unknown, ...path: string[]): string | undefined {
  const v = get(obj, ...path);
  return typeof v === 'string' ? v : undefined;
}

export function bool(obj: unknown, ...path: string[]): boolean | undefined {
  const v = get(obj, ...path);
  return typeof v === 'boolean' ? v : undefined;
}

export function list(obj: unknown, ...path: string[]): unknown[] {
  const v = get(obj, ...path);
  return Array.isArray(v) ? v : [];
}

export function conditions(obj: KubeObject): Condition[] {
  return list(obj, 'status', 'conditions').flatMap((c) => {
    const type = str(c, 'type');
    const status = str(c, 'status');
    if (type === undefined || status === undefined) return [];
    return [{ type, status, reason: str(c, 'reason'), message: str(c, 'message') }];
  });
}

export function condition(obj: KubeObject, type: string): Condition | undefined {
  return conditions(obj).find((c) => c.type === type);
}

/** `Reason: message`, or whichever of the two is present. */
export function explain(c: { reason?: string; message?: string } | undefined): string {
  const parts = [c?.reason, c?.message?.trim()].filter((s): s is string => !!s);
  return parts.join(': ') || 'no reason given';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
