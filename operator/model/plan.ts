import type { HookPhase, SyncPhase } from './annotations';
import type { DesiredObject } from './desired';
import type { ObjectRef } from './ref';

/** Apply (server-side, dry-run first) non-hook objects; ordered by kind then name. */
export interface ApplyStep {
  readonly type: 'apply';
  readonly phase: SyncPhase;
  readonly wave: number;
  readonly objects: readonly DesiredObject[];
}

/** Run hook objects of a phase (delete policies applied by the hook runner). */
export interface HookStep {
  readonly type: 'hook';
  readonly phase: HookPhase;
  readonly wave: number;
  readonly objects: readonly DesiredObject[];
}

/** Wait until every listed (non-hook) object is Current/Suspended; fail fast on Failed. Hooks wait in their own step. */
export interface WaitStep {
  readonly type: 'wait';
  readonly phase: HookPhase;
  readonly wave: number;
  readonly refs: readonly ObjectRef[];
}

/** Delete objects no longer desired, in the order listed (foreground propagation by default). */
export interface PruneStep {
  readonly type: 'prune';
  /** The live objects' wave; for `last` steps the highest wave among them. */
  readonly wave: number;
  /** True for `PruneLast=true` objects, pruned after every other step of the Sync phase. */
  readonly last: boolean;
  readonly refs: readonly ObjectRef[];
}

export type PlanStep = ApplyStep | HookStep | WaitStep | PruneStep;

/** Why the plan leaves an object out: typed, so callers never match message text. */
export type SkipReason =
  | { readonly kind: 'hook-skip' }
  | { readonly kind: 'still-desired' }
  | { readonly kind: 'prune-false' }
  | { readonly kind: 'prune-disabled' };

export function describeSkip(reason: SkipReason): string {
  switch (reason.kind) {
    case 'hook-skip':
      return 'hook: Skip';
    case 'still-desired':
      return 'still desired';
    case 'prune-false':
      return 'Prune=false';
    case 'prune-disabled':
      return 'pruning is disabled (syncPolicy.prune is false; pass --prune to delete)';
  }
}

export interface PlanSkip {
  readonly ref: ObjectRef;
  readonly reason: SkipReason;
}

export interface Plan {
  /** The steps of a sync, run in order; stop at the first failure. */
  readonly steps: readonly PlanStep[];
  /** SyncFail hook steps (and their waits), run only when `steps` failed. */
  readonly onFailure: readonly PlanStep[];
  /** Objects deliberately left out (Argo `hook: Skip`, `Prune=false`, pruning disabled). */
  readonly skipped: readonly PlanSkip[];
}
