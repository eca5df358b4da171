/**
 * Read the live counterparts of many objects with few requests: one paged LIST per
 * (resource, namespace) when several objects share it, a GET otherwise. Kinds the server does not
 * serve yet (custom resources whose CRD is in the same sync) are simply absent.
 */
import type { KubeObject, KubeObjects, ResourceInfo } from '../adapters/kube';
import { mapLimit } from '../adapters/clock';
import { refKey, splitApiVersion, type ObjectRef } from '../model';

/** Live objects by ref key (version-less). */
export type LiveIndex = Map<string, KubeObject>;

export function liveKey(obj: KubeObject): string {
  const { group } = splitApiVersion(obj.apiVersion);
  return refKey({ group, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' });
}

const LIST_THRESHOLD = 4;

export interface Addressable {
  readonly ref: ObjectRef;
  readonly manifest: KubeObject;
}

export async function fetchLive(
  kube: KubeObjects,
  objects: readonly Addressable[],
  signal?: AbortSignal,
): Promise<LiveIndex> {
  const groups = new Map<string, { info: ResourceInfo; namespace?: string; members: Addressable[] }>();
  for (const o of objects) {
    const info = kube.discovery.lookup(o.manifest.apiVersion, o.manifest.kind);
    if (!info) continue;
    const namespace = info.namespaced ? o.ref.namespace : undefined;
    const key = `${info.group}/${info.plural}/${namespace ?? ''}`;
    const g = groups.get(key) ?? { info, namespace, members: [] };
    g.members.push(o);
    groups.set(key, g);
  }
  const index: LiveIndex = new Map();
  await mapLimit([...groups.values()], 8, async (g) => {
    if (g.members.length >= LIST_THRESHOLD) {
      const wanted = new Set(g.members.map((m) => refKey(m.ref)));
      for (const item of await kube.list(g.info, g.namespace, undefined, signal)) {
        const key = liveKey(item);
        if (wanted.has(key)) index.set(key, item);
      }
      return;
    }
    await mapLimit(g.members, 8, async (m) => {
      const live = await kube.get(m.manifest, signal);
      if (live) index.set(refKey(m.ref), live);
    });
  });
  return index;
}
