/** The sort rule inside one step, in one place: kind order, then name, namespace and group. */
import type { ObjectRef } from '../model';
import { cmp, compareKinds } from './kind-order';

export function compareRefs(a: ObjectRef, b: ObjectRef): number {
  return (
    compareKinds(a.kind, b.kind) ||
    cmp(a.name, b.name) ||
    cmp(a.namespace ?? '', b.namespace ?? '') ||
    cmp(a.group, b.group)
  );
}

/** Prune order: reverse kind order (custom resources first, Namespaces last), then name. */
export function comparePruneRefs(a: ObjectRef, b: ObjectRef): number {
  return (
    compareKinds(b.kind, a.kind) ||
    cmp(a.name, b.name) ||
    cmp(a.namespace ?? '', b.namespace ?? '') ||
    cmp(a.group, b.group)
  );
}
