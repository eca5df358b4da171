/**
 * Adopting objects applied by other tools. An object created with `kubectl apply` (client-side)
 * has its fields owned by the field manager `kubectl-client-side-apply`; one applied by Argo CD or
 * `kubectl apply --server-side` by `argocd-controller` or `kubectl`. When Ferry then applies the
 * same object, it only becomes a *co*-owner: a field later removed from the manifest stays live,
 * because the old manager still owns it.
 *
 * So, as fluxcd/pkg/ssa does, the first apply over such an object moves those managers' fields to
 * Ferry's manager (one JSON patch of `metadata.managedFields`, conditional on the resourceVersion),
 * and from then on the manifest alone decides. Hand edits (`kubectl edit`, `kubectl scale`: Update
 * operations of other managers) are not adopted; they show up as drift or conflicts instead.
 */
import type { JsonPatchOp, KubeObject, KubeObjects } from '../adapters/kube';
import { FIELD_MANAGER } from '../adapters/kube';

export interface ManagedFieldsEntry {
  readonly manager?: string;
  readonly operation?: string;
  readonly apiVersion?: string;
  readonly fieldsType?: string;
  readonly fieldsV1?: Record<string, unknown>;
  readonly subresource?: string;
  readonly time?: string;
}

/** Managers whose fields Ferry takes over: any operation, or only Apply. */
const ADOPTED: readonly { readonly manager: string; readonly operation?: 'Apply' }[] = [
  { manager: 'kubectl-client-side-apply' },
  { manager: 'before-first-apply' },
  { manager: 'kubectl', operation: 'Apply' },
  { manager: 'argocd-controller', operation: 'Apply' },
];

function entries(obj: KubeObject): ManagedFieldsEntry[] {
  const m = obj.metadata.managedFields;
  return Array.isArray(m) ? (m as ManagedFieldsEntry[]) : [];
}

function adoptable(e: ManagedFieldsEntry): boolean {
  if (e.subresource) return false;
  return ADOPTED.some((a) => a.manager === e.manager && (!a.operation || a.operation === e.operation));
}

/** Names of the managers whose fields an apply would take over (empty: nothing to adopt). */
export function adoptableManagers(live: KubeObject): string[] {
  return [
    ...new Set(
      entries(live)
        .filter(adoptable)
        .map((e) => e.manager!),
    ),
  ].sort();
}

/** Union of two fieldsV1 sets (tries of `f:field` keys). */
export function mergeFields(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      prev && typeof prev === 'object' && v && typeof v === 'object'
        ? mergeFields(prev as Record<string, unknown>, v as Record<string, unknown>)
        : (prev ?? v);
  }
  return out;
}

/** The managedFields after the takeover: adopted entries merged into Ferry's Apply entry. */
export function adoptedManagedFields(live: KubeObject, now = new Date()): ManagedFieldsEntry[] {
  const all = entries(live);
  const ours = all.filter((e) => e.manager === FIELD_MANAGER && e.operation === 'Apply' && !e.subresource);
  const taken = all.filter(adoptable);
  const rest = all.filter((e) => !taken.includes(e) && !ours.includes(e));
  const fieldsV1 = [...ours, ...taken].reduce<Record<string, unknown>>(
    (acc, e) => mergeFields(acc, e.fieldsV1 ?? {}),
    {},
  );
  return [
    ...rest,
    {
      manager: FIELD_MANAGER,
      operation: 'Apply',
      apiVersion: live.apiVersion,
      fieldsType: 'FieldsV1',
      fieldsV1,
      time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
  ];
}

/** Take over the fields of `adoptableManagers(live)`; fails if the object changed since read. */
export async function adoptFieldOwnership(
  kube: KubeObjects,
  live: KubeObject,
  signal?: AbortSignal,
): Promise<void> {
  const ops: JsonPatchOp[] = [
    { op: 'test', path: '/metadata/resourceVersion', value: live.metadata.resourceVersion },
    { op: 'replace', path: '/metadata/managedFields', value: adoptedManagedFields(live) },
  ];
  await kube.jsonPatch(live, ops, signal);
}
