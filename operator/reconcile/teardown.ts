/**
 * What happens to an environment's objects when the environment itself goes away (its Environment
 * resource is deleted, a preview is closed):
 *
 * - `Orphan` (the default, the safe choice): every object stays where it is; Ferry forgets the
 *   environment (its inventory and sync lease are removed). The objects keep their tracking id, so
 *   no other environment can take them over by accident.
 * - `Delete`: everything the environment owns is deleted — the same two witnesses as a prune
 *   (listed in the inventory AND carrying the environment's tracking id), custom resources first,
 *   Namespaces last, `Delete=false` objects kept — then the inventory is removed.
 */
import type { KubeObjects } from '../adapters/kube';
import { KubeApiError } from '../adapters/kube';
import { fetchLive } from '../apply';
import { pruneCandidates, readInventory, INVENTORY_NAMESPACE, inventoryName, leaseName } from '../inventory';
import { parseSyncOptions } from '../manifests';
import { pruneSteps } from '../plan';
import { runPruneStep } from '../prune';
import { refKey, type DeletionPolicy, type ObjectRef, type SyncEvent } from '../model';
import { addressable } from './load';

export interface TeardownResult {
  readonly deleted: readonly ObjectRef[];
  /** Objects left in place (Orphan, Delete=false, not ours any more, not deletable now). */
  readonly kept: readonly { readonly ref: ObjectRef; readonly reason: string }[];
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
  opts: { readonly emit?: (e: SyncEvent) => void; readonly signal?: AbortSignal } = {},
): Promise<TeardownResult> {
  const emit = opts.emit ?? (() => undefined);
  const inventory = await readInventory(kube, env, opts.signal);
  const refs = [...(inventory?.refs ?? []), ...(inventory?.hooks ?? [])];
  if (policy === 'Orphan') {
    await forget(kube, env, opts.signal);
    return { deleted: [], kept: refs.map((ref) => ({ ref, reason: 'deletionPolicy is Orphan' })) };
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
  for (const t of notDeleted) kept.push({ ref: t.ref, reason: 'could not be deleted now (see the events)' });
  if (kept.some((k) => k.reason.startsWith('could not') || k.reason.startsWith('cannot check'))) {
    // Something is still owned and not gone: keep the inventory so the next attempt finds it.
    return { deleted, kept };
  }
  await forget(kube, env, opts.signal);
  return { deleted, kept };
}
