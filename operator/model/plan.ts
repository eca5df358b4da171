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

/** Wait until every listed object is Current/Suspended (hooks: completed); fail fast on Failed. */
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

export interface PlanSkip {
  readonly ref: ObjectRef;
  readonly reason: string;
}

export interface Plan {
  /** The steps of a sync, run in order; stop at the first failure. */
  readonly steps: readonly PlanStep[];
  /** SyncFail hook steps (and their waits), run only when `steps` failed. */
  readonly onFailure: readonly PlanStep[];
  /** Objects deliberately left out (Argo `hook: Skip`, `Prune=false`, pruning disabled). */
  readonly skipped: readonly PlanSkip[];
}
