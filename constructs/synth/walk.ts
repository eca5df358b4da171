/**
 * Walking a synthesised object's values with readable paths: list items that carry a `name` are
 * addressed by it (`spec.template.spec.containers[api].env[DB_PASSWORD].value`), others by index.
 */
export type Visit = (path: string, value: string, parentKey: string) => void;

export function walkStrings(v: unknown, visit: Visit, path = '', parentKey = ''): void {
  if (typeof v === 'string') {
    visit(path, v, parentKey);
  } else if (Array.isArray(v)) {
    v.forEach((item, i) => {
      const name = item && typeof item === 'object' ? (item as { name?: unknown }).name : undefined;
      walkStrings(item, visit, `${path}[${typeof name === 'string' ? name : i}]`, parentKey);
    });
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      walkStrings(x, visit, path ? `${path}.${k}` : k, k);
    }
  }
}
