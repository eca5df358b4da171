/**
 * Reading and writing the inventory ConfigMap. It lives in the `ferry-system` namespace (created
 * on first use) rather than the destination namespace, so it exists before the environment's own
 * Namespace is applied and survives that Namespace being pruned. Writes happen only when the
 * record changes (a no-op sync writes nothing) and carry the resourceVersion that was read: when
 * two syncs of one environment race, the second write fails instead of losing the first one's
 * entries.
 */
import type { KubeObjects } from '../adapters/kube';
import { KubeApiError } from '../adapters/kube';
import { FerryError } from '../model';
import { decodeInventory, encodeInventory, inventoryName, sameInventory, type Inventory } from './record';

export const INVENTORY_NAMESPACE = 'ferry-system';

/** Someone else wrote the inventory since it was read. */
export class StaleInventoryError extends FerryError {}

const address = (env: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: inventoryName(env), namespace: INVENTORY_NAMESPACE },
});

/** The stored inventory, or undefined before the first sync. */
export async function readInventory(
  kube: KubeObjects,
  env: string,
  signal?: AbortSignal,
): Promise<Inventory | undefined> {
  const cm = await kube.get(address(env), signal);
  return cm ? decodeInventory(cm, env) : undefined;
}

/** Create the ferry-system namespace when it does not exist. */
export async function ensureSystemNamespace(kube: KubeObjects, signal?: AbortSignal): Promise<void> {
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: INVENTORY_NAMESPACE } };
  if (await kube.get(ns, signal)) return;
  try {
    await kube.create(ns, { signal });
  } catch (err) {
    if (!(err instanceof KubeApiError && err.alreadyExists)) throw err;
  }
}

/**
 * Store `next` unless it equals `previous`; returns what is stored now (with its new
 * resourceVersion). Throws StaleInventoryError when the record changed since `previous` was read.
 */
export async function writeInventory(
  kube: KubeObjects,
  previous: Inventory | undefined,
  next: Inventory,
  signal?: AbortSignal,
): Promise<Inventory> {
  if (sameInventory(previous, next)) return previous!;
  const stale = (): StaleInventoryError =>
    new StaleInventoryError(
      `the inventory of environment "${next.env}" (ConfigMap ${INVENTORY_NAMESPACE}/${inventoryName(next.env)}) ` +
        'was changed by someone else during this sync (another sync of the same environment?); nothing more was ' +
        'written. Sync again once the other one has finished.',
    );
  try {
    if (!previous) {
      await ensureSystemNamespace(kube, signal);
      const created = await kube.create(
        encodeInventory({ ...next, resourceVersion: undefined }, INVENTORY_NAMESPACE),
        {
          signal,
        },
      );
      return { ...next, resourceVersion: created.metadata.resourceVersion };
    }
    const body = encodeInventory({ ...next, resourceVersion: previous.resourceVersion }, INVENTORY_NAMESPACE);
    const written = await kube.update(body, signal);
    return { ...next, resourceVersion: written.metadata.resourceVersion };
  } catch (err) {
    if (err instanceof KubeApiError && (err.stale || err.alreadyExists)) throw stale();
    throw err;
  }
}
