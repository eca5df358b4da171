/**
 * Config changes roll pods: every workload whose pods read ConfigMaps of the environment (env
 * `configMapKeyRef`, `envFrom`, `configMap` volumes) gets the annotation `ferry.dev/config-hash`
 * on its pod template — a hash of the content of exactly those ConfigMaps — so changing a value
 * changes the template and the workload rolls out (like Kustomize's configMapGenerator suffixes or
 * Helm's checksum annotations, without renaming the ConfigMap). Plain Jobs are left alone (their
 * template is immutable); hook Jobs are recreated on every run and get it too.
 */
import { createHash } from 'node:crypto';
import { containersOf, podMetadataOf, podSpecOf, type KubeObject, type PodSpecJson } from '../kube-object';
import { ANNOTATIONS } from '../sync';
import { sortKeysDeep } from './serialise';

export const CONFIG_HASH_ANNOTATION = 'ferry.dev/config-hash';

/** Names of the ConfigMaps a pod spec reads, sorted. */
export function configMapsReadBy(pod: PodSpecJson): string[] {
  const names = new Set<string>();
  for (const c of containersOf(pod)) {
    for (const e of (c.env ?? []) as Array<{ valueFrom?: { configMapKeyRef?: { name?: string } } }>) {
      const n = e.valueFrom?.configMapKeyRef?.name;
      if (n) names.add(n);
    }
    for (const e of (c.envFrom ?? []) as Array<{ configMapRef?: { name?: string } }>) {
      if (e.configMapRef?.name) names.add(e.configMapRef.name);
    }
  }
  type Volume = {
    configMap?: { name?: string };
    projected?: { sources?: Array<{ configMap?: { name?: string } }> };
  };
  for (const v of (pod.volumes ?? []) as Volume[]) {
    if (v.configMap?.name) names.add(v.configMap.name);
    for (const s of v.projected?.sources ?? []) if (s.configMap?.name) names.add(s.configMap.name);
  }
  return [...names].sort();
}

export function addConfigHashes(objects: readonly KubeObject[]): void {
  const configMaps = new Map(objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata.name, o]));
  for (const obj of objects) {
    if (obj.kind === 'Job' && !obj.metadata.annotations?.[ANNOTATIONS.hook]) continue;
    const pod = podSpecOf(obj);
    const meta = podMetadataOf(obj) as { annotations?: Record<string, string> } | undefined;
    if (!pod || !meta) continue;
    const read = configMapsReadBy(pod).filter((n) => configMaps.has(n));
    if (read.length === 0) continue;
    const hash = createHash('sha256');
    for (const name of read) {
      const cm = configMaps.get(name)!;
      hash.update(`${name}\0${JSON.stringify(sortKeysDeep({ data: cm.data, binaryData: cm.binaryData }))}\0`);
    }
    meta.annotations = { ...meta.annotations, [CONFIG_HASH_ANNOTATION]: hash.digest('hex').slice(0, 16) };
  }
}
