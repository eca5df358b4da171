/** Which owned objects are no longer desired and may be deleted. */
import {
  refKey,
  splitApiVersion,
  type DesiredObject,
  type KubeObject,
  type ObjectRef,
  type PruneTarget,
} from '../model';
import { parseSyncOptions, parseWave } from '../manifests';
import { DEFAULT_PRUNE_POLICIES, type PrunePolicy } from './policies';

export interface PruneCandidatesInput {
  readonly env: string;
  /** Refs recorded in the environment's inventory. */
  readonly inventory: readonly ObjectRef[];
  /** Live objects for (some of) those refs; an inventory ref without one is already gone. */
  readonly live: readonly KubeObject[];
  readonly desired: readonly (DesiredObject | ObjectRef)[];
  /**
   * Inventory refs whose live state could not be read (kind not served right now, discovery of its
   * group failed): uncertainty keeps them in the inventory, never deletes or forgets them.
   */
  readonly unresolved?: readonly ObjectRef[];
  /** @default DEFAULT_PRUNE_POLICIES */
  readonly policies?: readonly PrunePolicy[];
}

export interface PruneSkip {
  readonly ref: ObjectRef;
  readonly reason: string;
  /** The policy that vetoed, or `not-found`. */
  readonly policy: string;
}

export interface PruneCandidates {
  /** To hand to `buildPlan`; sorted by key. */
  readonly prune: readonly PruneTarget[];
  readonly skipped: readonly PruneSkip[];
  /** Inventory refs that are not ours (or already gone): drop them from the inventory. */
  readonly released: readonly ObjectRef[];
}

export function liveRef(obj: KubeObject): ObjectRef {
  const { group, version } = splitApiVersion(obj.apiVersion);
  const { name = '', namespace } = obj.metadata;
  return namespace
    ? { group, version, kind: obj.kind, namespace, name }
    : { group, version, kind: obj.kind, name };
}

export function pruneCandidates(input: PruneCandidatesInput): PruneCandidates {
  const policies = input.policies ?? DEFAULT_PRUNE_POLICIES;
  const desiredKeys = new Set(input.desired.map((d) => refKey('ref' in d ? d.ref : d)));
  const liveByKey = new Map(input.live.map((o) => [refKey(liveRef(o)), o]));
  const prune: PruneTarget[] = [];
  const skipped: PruneSkip[] = [];
  const released: ObjectRef[] = [];
  const inventory = new Map(input.inventory.map((r) => [refKey(r), r]));
  const unresolved = new Set((input.unresolved ?? []).map(refKey));
  for (const key of [...inventory.keys()].sort()) {
    const ref = inventory.get(key)!;
    // Desired objects are not candidates at all; the still-desired policy guards custom callers.
    if (desiredKeys.has(key)) continue;
    const live = liveByKey.get(key);
    if (unresolved.has(key)) {
      skipped.push({
        ref,
        reason: `cannot check it now (the API server does not serve ${ref.group ? `${ref.kind}.${ref.group}` : ref.kind} at the moment); kept in the inventory`,
        policy: 'unresolved',
      });
      continue;
    }
    if (!live) {
      skipped.push({ ref, reason: 'already gone from the cluster', policy: 'not-found' });
      released.push(ref);
      continue;
    }
    const candidate = { env: input.env, ref, live, desiredKeys };
    let veto: { policy: string; reason: string; release?: boolean } | undefined;
    for (const p of policies) {
      const skip = p.check(candidate);
      if (skip) {
        veto = { policy: p.name, ...skip };
        break;
      }
    }
    if (veto) {
      skipped.push({ ref, reason: veto.reason, policy: veto.policy });
      if (veto.release) released.push(ref);
      continue;
    }
    const annotations = live.metadata.annotations ?? {};
    prune.push({
      ref: liveRef(live),
      wave: parseWave(annotations).value,
      syncOptions: parseSyncOptions(annotations).value,
    });
  }
  return { prune, skipped, released };
}
