/**
 * What happens to an environment's objects when the environment itself goes away (its Environment
 * resource is deleted, a preview is closed):
 *
 * - `Orphan` (the default, the safe choice): every object stays where it is; Ferry forgets the
 *   environment (its inventory and sync lease are removed). The objects keep their tracking id, so
 *   no other environment can take them over by accident.
 * - `Delete`: everything the environment owns is deleted — the same two witnesses as a prune
 *   (listed in the inventory AND carrying the environment's tracking id), custom resources first,
 *   Namespaces last, `Delete=false` objects kept — then the environment's infra stack, when the
 *   inventory records one, is destroyed and removed from its backend (the reverse of a sync, which
 *   brings infra up before the manifests) — then the inventory is removed. Until both are done the
 *   inventory stays, so a retry finds everything that is left; nothing is forgotten while it still
 *   exists. With `Orphan` the stack stays in its backend too.
 */
import type { KubeObjects } from '../adapters/kube';
import { KubeApiError } from '../adapters/kube';
import { fetchLive } from '../apply';
import { pruneCandidates, readInventory, INVENTORY_NAMESPACE, inventoryName, leaseName } from '../inventory';
import { parseSyncOptions } from '../manifests';
import { pruneSteps } from '../plan';
import { runPruneStep } from '../prune';
import { refKey, type DeletionPolicy, type InfraStepResult, type ObjectRef, type SyncEvent } from '../model';
import { addressable } from './load';

export interface TeardownResult {
  readonly deleted: readonly ObjectRef[];
  /** Objects left in place (Orphan, Delete=false, not ours any more, not deletable now). */
  readonly kept: readonly { readonly ref: ObjectRef; readonly reason: string }[];
  /** The environment's infra stack, when the inventory recorded one. */
  readonly infra?: {
    /** `project/stack`. */
    readonly stack: string;
    readonly result: 'destroyed' | 'kept' | 'failed';
    readonly message: string;
  };
}

/**
 * Destroys the stack (`project/stack`) and removes it from its backend; a result, never a throw for
 * operational failures. Absent when no backend is configured: `problem` says why.
 */
export type InfraDestroyer =
  { readonly destroy: (stack: string) => Promise<InfraStepResult> } | { readonly problem: string };

/** Why a Delete teardown left an owned object: it tried, and the delete did not go through. */
const NOT_DELETED = 'could not be deleted now (see the events)';

/** Objects a teardown tried and failed to delete: the deletion is not finished. */
export function failedDeletes(kept: TeardownResult['kept']): TeardownResult['kept'] {
  return kept.filter((k) => k.reason === NOT_DELETED);
}

async function forget(kube: KubeObjects, env: string, signal?: AbortSignal): Promise<void> {
  for (const [kind, apiVersion, name] of [
    ['ConfigMap', 'v1', inventoryName(env)],
    ['Lease', 'coordination.k8s.io/v1', leaseName(env)],
  ] as const) {
    await kube
      .delete({ apiVersion, kind, metadata: { name, namespace: INVENTORY_NAMESPACE } }, 'Background', signal)
      .catch((err: unknown) => {
        if (!(err instanceof KubeApiError && err.notFound)) throw err;
      });
  }
}

export async function teardownEnvironment(
  kube: KubeObjects,
  env: string,
  policy: DeletionPolicy,
  opts: {
    readonly emit?: (e: SyncEvent) => void;
    readonly signal?: AbortSignal;
    /** How the infra stack is destroyed (policy Delete, a stack recorded). */
    readonly infra?: InfraDestroyer;
  } = {},
): Promise<TeardownResult> {
  const emit = opts.emit ?? (() => undefined);
  const inventory = await readInventory(kube, env, opts.signal);
  const refs = [...(inventory?.refs ?? []), ...(inventory?.hooks ?? [])];
  const stack = inventory?.infra?.stack;
  if (policy === 'Orphan') {
    await forget(kube, env, opts.signal);
    return {
      deleted: [],
      kept: refs.map((ref) => ({ ref, reason: 'deletionPolicy is Orphan' })),
      ...(stack
        ? {
            infra: {
              stack,
              result: 'kept' as const,
              message: 'deletionPolicy is Orphan: the stack and its resources stay in their backend',
            },
          }
        : {}),
    };
  }
  const owned = refs.flatMap((ref) => addressable(kube, ref));
  const live = await fetchLive(kube, owned, opts.signal);
  const candidates = pruneCandidates({
    env,
    inventory: refs,
    live: owned.map((o) => live.get(refKey(o.ref))).filter((o) => o !== undefined),
    desired: [],
    unresolved: refs.filter((r) => !kube.addressOf(r)),
  });
  const kept: { ref: ObjectRef; reason: string }[] = candidates.skipped
    .filter((s) => s.policy !== 'not-found')
    .map((s) => ({ ref: s.ref, reason: s.reason }));
  const targets = candidates.prune.filter((t) => {
    const obj = live.get(refKey(t.ref));
    if (obj && !parseSyncOptions(obj.metadata.annotations ?? {}).value.delete) {
      kept.push({ ref: t.ref, reason: 'Delete=false' });
      return false;
    }
    return true;
  });
  const { steps } = pruneSteps([], targets, { prune: true, allowEmpty: true });
  const deleted: ObjectRef[] = [];
  for (const step of steps)
    deleted.push(...(await runPruneStep({ kube, env, emit, signal: opts.signal }, step)));
  const notDeleted = targets.filter((t) => !deleted.some((d) => refKey(d) === refKey(t.ref)));
  for (const t of notDeleted) kept.push({ ref: t.ref, reason: NOT_DELETED });
  if (kept.some((k) => k.reason === NOT_DELETED || k.reason.startsWith('cannot check'))) {
    // Something is still owned and not gone: keep the inventory so the next attempt finds it.
    return { deleted, kept };
  }
  const infra = stack ? await destroyStack(stack, opts.infra) : undefined;
  // The record of the stack lives in the inventory: keep both until the stack is gone.
  if (infra?.result !== 'failed') await forget(kube, env, opts.signal);
  return { deleted, kept, ...(infra ? { infra } : {}) };
}

async function destroyStack(
  stack: string,
  infra: InfraDestroyer | undefined,
): Promise<NonNullable<TeardownResult['infra']>> {
  const next =
    'fix that and the operator tries again, or set spec.deletionPolicy to Orphan to keep the stack and let the Environment go';
  if (!infra || 'problem' in infra) {
    const why = infra?.problem ?? 'no Pulumi backend is configured';
    return { stack, result: 'failed', message: `cannot destroy stack ${stack}: ${why}; ${next}` };
  }
  const r = await infra.destroy(stack);
  if (r.result === 'failed')
    return { stack, result: 'failed', message: `destroy of stack ${stack} failed: ${r.message}; ${next}` };
  return { stack, result: 'destroyed', message: r.message };
}
