/**
 * The inventory record: what an environment has applied, so objects removed from the deploy
 * folder can be found and pruned. Stored as a ConfigMap `ferry-inventory-<env>` in the
 * environment's destination namespace (one per environment, so two environments may share a
 * namespace):
 *
 *   data.environment   the environment name
 *   data.revision      the deploy revision of the last sync that wrote it
 *   data.objects       sorted canonical ref keys (`apps/Deployment/shop-dev/api`), one per line
 *
 * Pruning needs two agreeing witnesses: the ref is in this record AND the live object carries this
 * environment's tracking id. Write the record before applying (previous ∪ desired) and after
 * pruning (`nextInventoryRefs`), so an interrupted sync never forgets an object it created.
 */
import { FerryError, LABELS, parseRef, refKey, type KubeObject, type ObjectRef } from '../model';

export interface Inventory {
  readonly env: string;
  readonly revision: string | null;
  /** Sorted by key, no duplicates, without versions. */
  readonly refs: readonly ObjectRef[];
}

export function inventoryName(env: string): string {
  return `ferry-inventory-${env}`;
}

function normalise(refs: Iterable<ObjectRef>): ObjectRef[] {
  const keys = [...new Set([...refs].map(refKey))].sort();
  return keys.map((k) => parseRef(k)!);
}

export function createInventory(env: string, revision: string | null, refs: Iterable<ObjectRef>): Inventory {
  return { env, revision, refs: normalise(refs) };
}

/** The ConfigMap to server-side apply. */
export function encodeInventory(inv: Inventory, namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: inventoryName(inv.env),
      namespace,
      labels: { [LABELS.managedBy]: 'ferry', [LABELS.env]: inv.env },
    },
    data: {
      environment: inv.env,
      revision: inv.revision ?? '',
      objects: normalise(inv.refs)
        .map((r) => `${refKey(r)}\n`)
        .join(''),
    },
  };
}

/** Read a live inventory ConfigMap; throws FerryError naming the bad line. */
export function decodeInventory(cm: KubeObject, env: string): Inventory {
  const where = `ConfigMap/${cm.metadata.namespace ?? ''}/${cm.metadata.name ?? ''}`;
  const data = (cm.data ?? {}) as Record<string, unknown>;
  if (data.environment !== env) {
    throw new FerryError(
      `${where} is not the inventory of environment "${env}" (it says ${JSON.stringify(data.environment)})`,
    );
  }
  const text = typeof data.objects === 'string' ? data.objects : '';
  const refs: ObjectRef[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const ref = parseRef(line);
    if (!ref)
      throw new FerryError(
        `${where} data.objects line ${i + 1} is not an object ref: ${JSON.stringify(line)}`,
      );
    refs.push(ref);
  });
  const revision = typeof data.revision === 'string' && data.revision !== '' ? data.revision : null;
  return createInventory(env, revision, refs);
}

/**
 * The inventory after a sync: everything desired, plus previously tracked objects that are still
 * ours but were not deleted (prune disabled, Prune=false, failed), minus what was pruned and what
 * turned out not to be ours (released).
 */
export function nextInventoryRefs(
  previous: readonly ObjectRef[],
  desired: readonly ObjectRef[],
  outcome: { readonly pruned: readonly ObjectRef[]; readonly released: readonly ObjectRef[] },
): ObjectRef[] {
  const gone = new Set([...outcome.pruned, ...outcome.released].map(refKey));
  const desiredKeys = new Set(desired.map(refKey));
  return normalise([
    ...desired,
    ...previous.filter((r) => desiredKeys.has(refKey(r)) || !gone.has(refKey(r))),
  ]);
}
