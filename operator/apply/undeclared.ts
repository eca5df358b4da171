/**
 * `Validate=false`: drop what the API server does not know. Server-side apply refuses fields its
 * schema does not declare ("field not declared in schema") even with `fieldValidation=Ignore`, so
 * for objects that opted out of validation Ferry removes exactly the fields the server named and
 * applies the rest — what `kubectl apply --validate=false` does — and says which fields it dropped.
 *
 * The server names fields in structured-merge-diff path syntax:
 * `.spec.replica`, `.spec.template.spec.containers[name="api"].bogus`, `.items[2].x`.
 */
import type { KubeObject } from '../adapters/kube';

const UNDECLARED = /(\.[^\s:]+): field not declared in schema/g;

/** The undeclared field paths named in a server message. */
export function undeclaredPaths(message: string): string[] {
  return [...message.matchAll(UNDECLARED)].map((m) => m[1]!);
}

type Step = { field: string } | { select: (item: unknown, index: number) => boolean };

function parsePath(path: string): Step[] | undefined {
  const steps: Step[] = [];
  const re = /\.([^.[\]]+)|\[([^\]]*)\]/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = re.exec(path))) {
    at = re.lastIndex;
    if (m[1] !== undefined) {
      steps.push({ field: m[1] });
      continue;
    }
    const sel = m[2]!;
    if (/^\d+$/.test(sel)) {
      const n = Number(sel);
      steps.push({ select: (_x, i) => i === n });
    } else if (sel.startsWith('=')) {
      const want = JSON.parse(sel.slice(1)) as unknown;
      steps.push({ select: (x) => x === want });
    } else {
      const keys = [...sel.matchAll(/([^=,]+)=("(?:[^"\\]|\\.)*"|[^,]*)/g)].map(
        (k) => [k[1]!, JSON.parse(k[2]!)] as const,
      );
      steps.push({
        select: (x) =>
          !!x && typeof x === 'object' && keys.every(([k, v]) => (x as Record<string, unknown>)[k] === v),
      });
    }
  }
  return at === path.length && steps.length > 0 ? steps : undefined;
}

function without(value: unknown, steps: readonly Step[]): { value: unknown; removed: boolean } {
  const [step, ...rest] = steps;
  if (!step) return { value, removed: false };
  if ('field' in step) {
    if (!value || typeof value !== 'object' || Array.isArray(value) || !(step.field in value)) {
      return { value, removed: false };
    }
    const obj = { ...(value as Record<string, unknown>) };
    if (rest.length === 0) {
      delete obj[step.field];
      return { value: obj, removed: true };
    }
    const inner = without(obj[step.field], rest);
    obj[step.field] = inner.value;
    return { value: obj, removed: inner.removed };
  }
  if (!Array.isArray(value)) return { value, removed: false };
  let removed = false;
  const list = value.map((item, i) => {
    if (!step.select(item, i)) return item;
    const inner = without(item, rest);
    removed ||= inner.removed;
    return inner.value;
  });
  return { value: list, removed };
}

/** `manifest` without the fields a server message calls undeclared; undefined when none could be removed. */
export function stripUndeclared(
  manifest: KubeObject,
  message: string,
): { manifest: KubeObject; removed: string[] } | undefined {
  let current: unknown = manifest;
  const removed: string[] = [];
  for (const path of undeclaredPaths(message)) {
    const steps = parsePath(path);
    if (!steps) continue;
    const next = without(current, steps);
    if (next.removed) {
      current = next.value;
      removed.push(path);
    }
  }
  return removed.length ? { manifest: current as KubeObject, removed } : undefined;
}
