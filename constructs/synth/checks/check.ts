/**
 * Synth-time checks on the final objects of an environment (after policies). Each has a name;
 * all but `missing-value` can be switched off explicitly, for the whole environment
 * (`relaxations`) or for one component with a reason (`relax`).
 */
import type { CheckName } from '../../relax';
import type { KubeObject } from '../../kube-object';
import type { ComponentInfo } from '../../policies/policy';
import type { RecordedNeed } from '../../environment-chart';

export interface CheckFinding {
  readonly field: string;
  readonly problem: string;
}

/** What a check may look at beyond the object itself: the environment's other objects and needs. */
export interface EnvironmentIndex {
  readonly namespace: string;
  readonly objects: readonly KubeObject[];
  readonly needs: readonly RecordedNeed[];
  /** The object of this kind and name (any API group), if the environment has one. */
  find(kind: string, name: string): KubeObject | undefined;
  /** Names of this environment's objects of a kind, for "did you mean" hints. */
  names(kind: string): readonly string[];
}

export interface CheckContext {
  readonly component?: ComponentInfo;
  readonly env: EnvironmentIndex;
}

export interface Check {
  /** `missing-value` cannot be relaxed: a value that never arrived is always a bug. */
  readonly name: CheckName | 'missing-value';
  check(obj: KubeObject, ctx: CheckContext): CheckFinding[];
}

/** `Kind/name`, the prefix of every finding's field. */
export const refOf = (o: KubeObject): string => `${o.kind}/${o.metadata.name}`;

export function indexEnvironment(
  namespace: string,
  objects: readonly KubeObject[],
  needs: readonly RecordedNeed[],
): EnvironmentIndex {
  const byKind = new Map<string, Map<string, KubeObject>>();
  for (const o of objects) {
    const m = byKind.get(o.kind) ?? new Map<string, KubeObject>();
    m.set(o.metadata.name, o);
    byKind.set(o.kind, m);
  }
  return {
    namespace,
    objects,
    needs,
    find: (kind, name) => byKind.get(kind)?.get(name),
    names: (kind) => [...(byKind.get(kind)?.keys() ?? [])].sort(),
  };
}
