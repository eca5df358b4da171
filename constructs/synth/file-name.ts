import { apiGroup, type KubeObject } from '../kube-object';

/** `<ns>--<kind>[.<group>]--<name>.yaml`, lowercase; ns is `_cluster` for cluster-scoped objects. */
export function manifestFileName(obj: KubeObject): string {
  const group = apiGroup(obj.apiVersion);
  const ns = obj.metadata.namespace ?? '_cluster';
  const kind = group ? `${obj.kind}.${group}` : obj.kind;
  return `${ns}--${kind}--${obj.metadata.name}.yaml`.toLowerCase();
}
