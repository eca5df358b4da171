/**
 * What an environment's manifests ask of whoever applies them: the kinds it writes, the custom
 * kinds its CustomResourceDefinitions define, the RBAC roles it defines and the roles its bindings
 * grant. The synth engine records one per environment; the operator's RBAC is computed from the
 * union (./operator-rbac.ts). Plain JSON, so it crosses worker threads as is.
 */
import { apiGroup, type KubeObject } from '../kube-object';

export interface GroupKind {
  /** API group; '' for the core group. */
  readonly group: string;
  readonly kind: string;
}

/** A kind defined by a CustomResourceDefinition: its resource name is the CRD's `spec.names.plural`. */
export interface CustomKind extends GroupKind {
  readonly plural: string;
}

export type RoleKind = 'Role' | 'ClusterRole';

export interface RoleName {
  readonly kind: RoleKind;
  readonly name: string;
}

export interface Footprint {
  /** Every group/kind written, sorted. */
  readonly kinds: readonly GroupKind[];
  /** Kinds defined by the environment's CustomResourceDefinitions, sorted. */
  readonly customKinds: readonly CustomKind[];
  /** Roles and ClusterRoles the environment defines (writing one needs `escalate` on it). */
  readonly roles: readonly RoleName[];
  /** Roles and ClusterRoles its RoleBindings and ClusterRoleBindings grant (needs `bind` on them). */
  readonly boundRoles: readonly RoleName[];
}

export const EMPTY_FOOTPRINT: Footprint = { kinds: [], customKinds: [], roles: [], boundRoles: [] };

const RBAC_GROUP = 'rbac.authorization.k8s.io';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const rec = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function customKindOf(o: KubeObject): CustomKind | undefined {
  if (o.kind !== 'CustomResourceDefinition' || apiGroup(o.apiVersion) !== 'apiextensions.k8s.io')
    return undefined;
  const spec = rec(o.spec);
  const names = rec(spec.names);
  const group = str(spec.group);
  const kind = str(names.kind);
  const plural = str(names.plural);
  return group && kind && plural ? { group, kind, plural } : undefined;
}

function boundRoleOf(o: KubeObject): RoleName | undefined {
  if (apiGroup(o.apiVersion) !== RBAC_GROUP || (o.kind !== 'RoleBinding' && o.kind !== 'ClusterRoleBinding'))
    return undefined;
  const ref = rec(o.roleRef);
  const name = str(ref.name);
  return name && (ref.kind === 'Role' || ref.kind === 'ClusterRole') ? { kind: ref.kind, name } : undefined;
}

/** The footprint of one environment's objects. */
export function footprintOf(objects: readonly KubeObject[]): Footprint {
  const roles: RoleName[] = [];
  for (const o of objects) {
    if (apiGroup(o.apiVersion) === RBAC_GROUP && (o.kind === 'Role' || o.kind === 'ClusterRole'))
      roles.push({ kind: o.kind, name: o.metadata.name });
  }
  return normalise({
    kinds: objects.map((o) => ({ group: apiGroup(o.apiVersion), kind: o.kind })),
    customKinds: objects.map(customKindOf).filter((c): c is CustomKind => !!c),
    roles,
    boundRoles: objects.map(boundRoleOf).filter((r): r is RoleName => !!r),
  });
}

/** The union of footprints (sorted, without duplicates). */
export function mergeFootprints(all: readonly Footprint[]): Footprint {
  return normalise({
    kinds: all.flatMap((f) => f.kinds),
    customKinds: all.flatMap((f) => f.customKinds),
    roles: all.flatMap((f) => f.roles),
    boundRoles: all.flatMap((f) => f.boundRoles),
  });
}

function uniqueSorted<T>(items: readonly T[], key: (t: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const t of items) if (!byKey.has(key(t))) byKey.set(key(t), t);
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}

function normalise(f: Footprint): Footprint {
  return {
    kinds: uniqueSorted(f.kinds, (k) => `${k.group}/${k.kind}`).map(({ group, kind }) => ({ group, kind })),
    customKinds: uniqueSorted(f.customKinds, (k) => `${k.group}/${k.kind}/${k.plural}`).map(
      ({ group, kind, plural }) => ({ group, kind, plural }),
    ),
    roles: uniqueSorted(f.roles, (r) => `${r.kind}/${r.name}`),
    boundRoles: uniqueSorted(f.boundRoles, (r) => `${r.kind}/${r.name}`),
  };
}
