/**
 * The operator's permissions, least privilege computed at synth:
 *
 * - `ferry-operator-read` (ClusterRole): get/list/watch on everything. Drift detection compares
 *   live objects of any kind, and the namespace prune guard must see every object in a namespace
 *   before deleting it.
 * - `ferry-operator-apply` (ClusterRole): create/delete/patch/update on exactly the resources the
 *   environments it applies in this cluster write (their footprints, ferry-system's own included),
 *   plus Jobs and Pods for sync hooks; `escalate` on the Roles/ClusterRoles those environments
 *   define and `bind` on the roles their bindings grant (by name), so it can apply RBAC objects
 *   granting more than it holds — its own upgrades included — and nothing else.
 * - `ferry-operator` (Role in ferry-system): its own state — Environments (+status, +finalizers),
 *   Leases, Events, ConfigMaps (inventory, cluster identity) and Secrets (credentials).
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ENVIRONMENT_GROUP,
  ENVIRONMENT_PLURAL,
  SYSTEM_NAMESPACE,
} from '../../operator/model/environment-resource';
import { EnvironmentChart } from '../environment-chart';
import {
  EMPTY_FOOTPRINT,
  mergeFootprints,
  type Footprint,
  type GroupKind,
  type RoleKind,
  type RoleName,
} from './footprint';
import { kindKey, resolveResources, type DeclaredPlurals } from './resource-names';

export const OPERATOR_NAME = 'ferry-operator';
export const READ_ROLE = `${OPERATOR_NAME}-read`;
export const APPLY_ROLE = `${OPERATOR_NAME}-apply`;

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const WRITE = ['create', 'delete', 'patch', 'update'];
/** Sync hooks create and delete Jobs and Pods whatever the manifests hold. */
const HOOK_KINDS: readonly GroupKind[] = [
  { group: 'batch', kind: 'Job' },
  { group: '', kind: 'Pod' },
];

export interface OperatorRbacProps {
  /** What the operator applies in its cluster: the footprints of those environments and ferry-system's. */
  readonly footprint: Footprint;
  /** Plurals of custom kinds whose CRDs are installed outside Ferry. @default none */
  readonly declaredPlurals?: DeclaredPlurals;
  readonly serviceAccount: string;
}

/** An RBAC rule. */
export type Rule = k8s.PolicyRule;

/** This construct's own objects, which the operator manages too. */
const OWN: Footprint = {
  kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'].map((kind) => ({
    group: RBAC_GROUP,
    kind,
  })),
  customKinds: [],
  roles: [
    { kind: 'ClusterRole', name: READ_ROLE },
    { kind: 'ClusterRole', name: APPLY_ROLE },
    { kind: 'Role', name: OPERATOR_NAME },
  ],
  boundRoles: [
    { kind: 'ClusterRole', name: READ_ROLE },
    { kind: 'ClusterRole', name: APPLY_ROLE },
    { kind: 'Role', name: OPERATOR_NAME },
  ],
};

/** The rules of `ferry-operator-apply`, and the kinds no plural is known for. */
export function applyRules(
  footprint: Footprint,
  declared: DeclaredPlurals = {},
): { rules: Rule[]; unknown: readonly GroupKind[] } {
  const all = mergeFootprints([footprint, OWN, { ...EMPTY_FOOTPRINT, kinds: HOOK_KINDS }]);
  const { resources, unknown } = resolveResources(all.kinds, all.customKinds, declared);
  const byGroup = new Map<string, string[]>();
  for (const r of resources) byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r.resource]);
  const rules: Rule[] = [...byGroup].map(([group, names]) => ({
    apiGroups: [group],
    resources: names,
    verbs: WRITE,
  }));
  const named = (verb: string, kind: RoleKind, roles: readonly RoleName[]): Rule[] => {
    const names = roles.filter((r) => r.kind === kind).map((r) => r.name);
    const resource = kind === 'Role' ? 'roles' : 'clusterroles';
    return names.length
      ? [{ apiGroups: [RBAC_GROUP], resources: [resource], verbs: [verb], resourceNames: names }]
      : [];
  };
  for (const kind of ['ClusterRole', 'Role'] as const) {
    rules.push(...named('bind', kind, all.boundRoles), ...named('escalate', kind, all.roles));
  }
  return { rules, unknown };
}

/** The rules of the `ferry-operator` Role in ferry-system. */
export const SYSTEM_RULES: readonly Rule[] = [
  { apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: WRITE },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch', 'update'] },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: WRITE },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch', 'update'] },
  { apiGroups: [ENVIRONMENT_GROUP], resources: [ENVIRONMENT_PLURAL], verbs: WRITE },
  { apiGroups: [ENVIRONMENT_GROUP], resources: [`${ENVIRONMENT_PLURAL}/status`], verbs: ['patch', 'update'] },
  { apiGroups: [ENVIRONMENT_GROUP], resources: [`${ENVIRONMENT_PLURAL}/finalizers`], verbs: ['update'] },
];

export const READ_RULES: readonly Rule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
];

export class OperatorRbac extends Construct {
  constructor(scope: Construct, id: string, props: OperatorRbacProps) {
    super(scope, id);
    const { rules, unknown } = applyRules(props.footprint, props.declaredPlurals);
    const chart = EnvironmentChart.of(this);
    for (const k of unknown) {
      chart.report(
        undefined,
        'operator RBAC',
        `kind ${kindKey(k)} is written by an environment the operator applies, but it is not a built-in kind and no environment defines its CustomResourceDefinition, so its resource name is unknown; add the CRD to an environment, or declare the plural in FerrySystem's declaredPlurals ({ '${kindKey(k)}': '<plural>' })`,
      );
    }

    const subjects = [{ kind: 'ServiceAccount', name: props.serviceAccount, namespace: SYSTEM_NAMESPACE }];
    for (const [name, roleRules] of [
      [READ_ROLE, READ_RULES],
      [APPLY_ROLE, rules],
    ] as const) {
      new k8s.KubeClusterRole(this, name, { metadata: { name }, rules: [...roleRules] });
      new k8s.KubeClusterRoleBinding(this, `${name}-binding`, {
        metadata: { name },
        roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name },
        subjects,
      });
    }
    new k8s.KubeRole(this, 'role', { metadata: { name: OPERATOR_NAME }, rules: [...SYSTEM_RULES] });
    new k8s.KubeRoleBinding(this, 'role-binding', {
      metadata: { name: OPERATOR_NAME },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: OPERATOR_NAME },
      subjects,
    });
  }
}
