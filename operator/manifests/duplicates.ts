import { formatRef, refKey, type DesiredObject, type ManifestProblem } from '../model';

/**
 * One problem per object that appears more than once (same group, kind, namespace and name; the
 * version does not matter), naming every file that declares it.
 */
export function findDuplicates(objects: readonly DesiredObject[]): ManifestProblem[] {
  const byKey = new Map<string, DesiredObject[]>();
  for (const o of objects) {
    const key = refKey(o.ref);
    byKey.set(key, [...(byKey.get(key) ?? []), o]);
  }
  const problems: ManifestProblem[] = [];
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    const [first, ...rest] = group as [DesiredObject, ...DesiredObject[]];
    problems.push({
      file: first.file,
      object: formatRef(first.ref),
      message: `duplicate object: also declared in ${rest.map((o) => o.file).join(', ')}`,
    });
  }
  return problems;
}
