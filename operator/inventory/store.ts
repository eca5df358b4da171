/**
 * Reading and writing the inventory ConfigMap. It lives in the `ferry-system` namespace (created
 * on first use) rather than the destination namespace, so it exists before the environment's own
 * Namespace is applied and survives that Namespace being pruned. Writes happen only when the
 * record changes, so a no-op sync writes nothing.
 */
import type { KubeObjects } from '../adapters/kube';
import { refKey } from '../model';
import { decodeInventory, encodeInventory, inventoryName, type Inventory } from './record';

export const INVENTORY_NAMESPACE = 'ferry-system';

const address = (env: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: inventoryName(env), namespace: INVENTORY_NAMESPACE },
});

/** The stored inventory, or undefined before the first sync. */
export async function readInventory(kube: KubeObjects, env: string): Promise<Inventory | undefined> {
  const cm = await kube.get(address(env));
  return cm ? decodeInventory(cm, env) : undefined;
}

function sameInventory(a: Inventory | undefined, b: Inventory): boolean {
  if (!a || a.revision !== b.revision || a.refs.length !== b.refs.length) return false;
  return a.refs.every((r, i) => refKey(r) === refKey(b.refs[i]!));
}

/** Store `next` unless it equals `previous`; creates the ferry-system namespace when needed. */
export async function writeInventory(
  kube: KubeObjects,
  previous: Inventory | undefined,
  next: Inventory,
): Promise<boolean> {
  if (sameInventory(previous, next)) return false;
  if (!previous) {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: INVENTORY_NAMESPACE } };
    if (!(await kube.get(ns))) await kube.apply(ns);
  }
  await kube.apply(encodeInventory(next, INVENTORY_NAMESPACE));
  return true;
}
