/**
 * Prune policies: tiny objects that can veto deleting one live object. Each says why, so the
 * skip is reported instead of silently ignored.
 */
import { ANNOTATIONS, formatRef, refKey, type KubeObject, type ObjectRef } from '../model';
import { parseSyncOptions } from '../manifests';
import { parseTrackingId, trackingId, trackingIdOf } from './tracking';

export interface PruneCandidate {
  readonly env: string;
  /** The ref as recorded in the inventory. */
  readonly ref: ObjectRef;
  readonly live: KubeObject;
  /** Keys (`refKey`) of every desired object. */
  readonly desiredKeys: ReadonlySet<string>;
}

export interface Skip {
  readonly reason: string;
  /** True when the object is not ours: drop it from the inventory instead of retrying. */
  readonly release?: boolean;
}

export interface PrunePolicy {
  readonly name: string;
  check(candidate: PruneCandidate): Skip | undefined;
}

export const stillDesired: PrunePolicy = {
  name: 'still-desired',
  check: (c) => (c.desiredKeys.has(refKey(c.ref)) ? { reason: 'still desired' } : undefined),
};

/** Only objects carrying this environment's tracking id for this very ref are ours. */
export const notOwned: PrunePolicy = {
  name: 'not-owned',
  check: (c) => {
    const id = trackingIdOf(c.live);
    if (id === undefined) {
      return { reason: `not owned: no ${ANNOTATIONS.trackingId} annotation`, release: true };
    }
    if (id === trackingId(c.env, c.ref)) return undefined;
    const parsed = parseTrackingId(id);
    if (parsed && parsed.env !== c.env) {
      return { reason: `not owned: belongs to environment "${parsed.env}"`, release: true };
    }
    return {
      reason: `not owned: ${ANNOTATIONS.trackingId} "${id}" does not match ${formatRef(c.ref)}`,
      release: true,
    };
  },
};

/** `Prune=false` on the live object; unreadable sync options also stop the prune, to be safe. */
export const pruneDisabled: PrunePolicy = {
  name: 'prune-disabled',
  check: (c) => {
    const parsed = parseSyncOptions(c.live.metadata.annotations ?? {});
    if (parsed.problems.length > 0) {
      return { reason: `not pruned: cannot read sync options (${parsed.problems.join('; ')})` };
    }
    return parsed.value.prune ? undefined : { reason: 'Prune=false' };
  },
};

/** Policies in the order they are checked; the first veto wins. */
export const DEFAULT_PRUNE_POLICIES: readonly PrunePolicy[] = [stillDesired, notOwned, pruneDisabled];
