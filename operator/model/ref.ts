/**
 * ObjectRef: how Ferry names one Kubernetes object, and its two string forms.
 *
 * - `refKey(ref)` is the canonical, machine form used in `ferry.dev/depends-on`, the inventory and
 *   map keys: `<group>/<Kind>/<namespace>/<name>` with an empty group for the core API group and an
 *   empty namespace for cluster-scoped objects, e.g. `apps/Deployment/shop-dev/public-api`,
 *   `/ConfigMap/shop-dev/settings`, `/Namespace//shop-dev`. The version is not part of the key: one
 *   object served under two versions is still one object.
 * - `formatRef(ref)` is the human form used in messages: `Deployment/shop-dev/public-api`,
 *   `Namespace/shop-dev`.
 */

export interface ObjectRef {
  /** API group; `''` for the core group. */
  readonly group: string;
  /** API version, when known (desired objects always have it; refs parsed from keys do not). */
  readonly version?: string;
  readonly kind: string;
  /** Namespace; absent (or `''`) for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name: string;
}

/** Split an apiVersion into group and version: `apps/v1` → `{group:'apps', version:'v1'}`, `v1` → core. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** The canonical key `<group>/<Kind>/<namespace>/<name>`. */
export function refKey(ref: ObjectRef): string {
  return `${ref.group}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/** The group/kind key `<group>/<Kind>`, used for kind lookups and CRD matching. */
export function groupKindKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}

/**
 * Parse a canonical key (the inverse of `refKey`). Returns `undefined` for anything that is not
 * exactly four `/`-separated parts with a kind and a name.
 */
export function parseRef(key: string): ObjectRef | undefined {
  const parts = key.trim().split('/');
  if (parts.length !== 4) return undefined;
  const [group, kind, namespace, name] = parts as [string, string, string, string];
  if (!kind || !name || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) return undefined;
  return namespace ? { group, kind, namespace, name } : { group, kind, name };
}

/** Human form for messages: `Deployment/shop-dev/public-api`, `Namespace/shop-dev`. */
export function formatRef(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/** True when both refs name the same object (version ignored). */
export function sameRef(a: ObjectRef, b: ObjectRef): boolean {
  return refKey(a) === refKey(b);
}

/** Split an ordered list into runs of consecutive items of the same group and kind. */
export function runsOfKind<T>(items: readonly T[], refOf: (item: T) => ObjectRef): T[][] {
  const runs: T[][] = [];
  for (const item of items) {
    const last = runs[runs.length - 1];
    const a = last && refOf(last[0]!);
    const b = refOf(item);
    if (last && a!.kind === b.kind && a!.group === b.group) last.push(item);
    else runs.push([item]);
  }
  return runs;
}
