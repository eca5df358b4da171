/**
 * Walking a synthesised object's string values with readable paths: list items that carry a
 * `name` are addressed by it (`spec.template.spec.containers[api].env[DB_PASSWORD].value`), others
 * by index. The path is built only when a visitor asks for it (synth walks every object).
 */
export type Visit = (value: string, parentKey: string, path: () => string) => void;

export function walkStrings(root: unknown, visit: Visit): void {
  const segments: string[] = [];
  const path = () => segments.join('').replace(/^\./, '');
  const walk = (v: unknown, parentKey: string): void => {
    if (typeof v === 'string') {
      visit(v, parentKey, path);
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const item = v[i];
        const name = item && typeof item === 'object' ? (item as { name?: unknown }).name : undefined;
        segments.push(`[${typeof name === 'string' ? name : i}]`);
        walk(item, parentKey);
        segments.pop();
      }
    } else if (v && typeof v === 'object') {
      for (const k in v as Record<string, unknown>) {
        segments.push(`.${k}`);
        walk((v as Record<string, unknown>)[k], k);
        segments.pop();
      }
    }
  };
  walk(root, '');
}
