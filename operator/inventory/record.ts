/**
 * The inventory record: what an environment owns and the state of its last sync operation. Stored
 * as a ConfigMap `ferry-inventory-<env>` in `ferry-system` (see store.ts):
 *
 *   data.environment     the environment name
 *   data.revision        the deploy revision of the last *successful* sync ('' before the first)
 *   data.objects         sorted canonical ref keys of owned objects (`apps/Deployment/shop-dev/api`)
 *   data.hooks           sorted ref keys of hook objects left in the cluster (pruned when their hook
 *                        is removed; never part of the environment's health)
 *   data.operation       JSON: the last (or running) sync operation — revision, phase, step reached,
 *                        hook outcomes, failed stage and message
 *   data.normalization   JSON: fields the API server drops when empty, learned from its answers,
 *                        per `group/version/Kind` (see apply/normalization.ts)
 *   data.infra           JSON, only once the sync's infra gate ran: the hash of the infra description
 *                        last brought `up` and the last attempt's outcome (model/infra-record.ts)
 *
 * Pruning needs two agreeing witnesses: the ref is in this record AND the live object carries this
 * environment's tracking id. The record is written before applying (previous ∪ desired) and after
 * pruning (`nextInventoryRefs`), so an interrupted sync never forgets an object it created.
 */
import {
  FerryError,
  LABELS,
  parseRef,
  refKey,
  type InfraRecord,
  type KubeObject,
  type ObjectRef,
  type OperationState,
} from '../model';

/** Paths dropped by the server when empty, per `group/version/Kind`. */
export type NormalizationData = Readonly<Record<string, readonly string[]>>;

export interface Inventory {
  readonly env: string;
  /** The revision of the last successful sync. */
  readonly revision: string | null;
  /** Owned (non-hook) objects: sorted by key, no duplicates, without versions. */
  readonly refs: readonly ObjectRef[];
  /** Hook objects that may still exist. */
  readonly hooks: readonly ObjectRef[];
  readonly operation?: OperationState;
  readonly normalization: NormalizationData;
  /** The infra gate's record (absent until it first ran). */
  readonly infra?: InfraRecord;
  /** The ConfigMap's resourceVersion when read (the precondition of the next write). */
  readonly resourceVersion?: string;
}

export function inventoryName(env: string): string {
  return `ferry-inventory-${env}`;
}

function normalise(refs: Iterable<ObjectRef>): ObjectRef[] {
  const keys = [...new Set([...refs].map(refKey))].sort();
  return keys.map((k) => parseRef(k)!);
}

export function createInventory(
  env: string,
  revision: string | null,
  refs: Iterable<ObjectRef>,
  rest: Partial<Pick<Inventory, 'hooks' | 'operation' | 'normalization' | 'infra' | 'resourceVersion'>> = {},
): Inventory {
  return {
    env,
    revision,
    refs: normalise(refs),
    hooks: normalise(rest.hooks ?? []),
    ...(rest.operation ? { operation: rest.operation } : {}),
    normalization: rest.normalization ?? {},
    ...(rest.infra ? { infra: rest.infra } : {}),
    ...(rest.resourceVersion ? { resourceVersion: rest.resourceVersion } : {}),
  };
}

const lines = (refs: readonly ObjectRef[]): string =>
  normalise(refs)
    .map((r) => `${refKey(r)}\n`)
    .join('');

/** The ConfigMap to write (with the read resourceVersion as precondition, when known). */
export function encodeInventory(inv: Inventory, namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: inventoryName(inv.env),
      namespace,
      labels: { [LABELS.managedBy]: 'ferry', [LABELS.env]: inv.env },
      ...(inv.resourceVersion ? { resourceVersion: inv.resourceVersion } : {}),
    },
    data: {
      environment: inv.env,
      revision: inv.revision ?? '',
      objects: lines(inv.refs),
      hooks: lines(inv.hooks),
      operation: inv.operation ? JSON.stringify(inv.operation) : '',
      normalization: JSON.stringify(inv.normalization, Object.keys(inv.normalization).sort()),
      ...(inv.infra ? { infra: JSON.stringify(inv.infra) } : {}),
    },
  };
}

function refLines(text: unknown, where: string, field: string): ObjectRef[] {
  const refs: ObjectRef[] = [];
  (typeof text === 'string' ? text : '').split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const ref = parseRef(line);
    if (!ref)
      throw new FerryError(
        `${where} data.${field} line ${i + 1} is not an object ref: ${JSON.stringify(line)}`,
      );
    refs.push(ref);
  });
  return refs;
}

function json<T>(text: unknown, where: string, field: string, fallback: T): T {
  if (typeof text !== 'string' || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new FerryError(`${where} data.${field} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Read a live inventory ConfigMap; throws FerryError naming the bad field. */
export function decodeInventory(cm: KubeObject, env: string): Inventory {
  const where = `ConfigMap/${cm.metadata.namespace ?? ''}/${cm.metadata.name ?? ''}`;
  const data = (cm.data ?? {}) as Record<string, unknown>;
  if (data.environment !== env) {
    throw new FerryError(
      `${where} is not the inventory of environment "${env}" (it says ${JSON.stringify(data.environment)})`,
    );
  }
  const revision = typeof data.revision === 'string' && data.revision !== '' ? data.revision : null;
  return createInventory(env, revision, refLines(data.objects, where, 'objects'), {
    hooks: refLines(data.hooks, where, 'hooks'),
    operation: json<OperationState | undefined>(data.operation, where, 'operation', undefined),
    normalization: json<NormalizationData>(data.normalization, where, 'normalization', {}),
    infra: json<InfraRecord | undefined>(data.infra, where, 'infra', undefined),
    resourceVersion: cm.metadata.resourceVersion,
  });
}

/** True when writing `b` over `a` would change nothing. */
export function sameInventory(a: Inventory | undefined, b: Inventory): boolean {
  if (!a) return false;
  const ns = 'x';
  const da = encodeInventory({ ...a, resourceVersion: undefined }, ns).data;
  const db = encodeInventory({ ...b, resourceVersion: undefined }, ns).data;
  return JSON.stringify(da) === JSON.stringify(db);
}

/**
 * The owned objects after a sync: everything desired, plus previously tracked objects that are
 * still ours but were not deleted (prune disabled, Prune=false, failed, kind unknown for now),
 * minus what was pruned and what turned out not to be ours (released).
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
