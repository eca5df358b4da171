/**
 * The durable state of an environment's last sync operation, stored beside its inventory. It is
 * what makes a retry honest: a sync that failed, or was killed after its applies, is not "in
 * sync" on the next run, because the operation says so.
 */
import type { HookPhase } from './annotations';
import type { SyncStage } from './result';

export type OperationPhase = 'Running' | 'Succeeded' | 'Failed';

export interface HookOutcome {
  /** `refKey` of the hook. */
  readonly ref: string;
  readonly phase: HookPhase;
  readonly result: 'succeeded' | 'failed';
  readonly message: string;
}

export interface OperationState {
  readonly revision: string;
  readonly phase: OperationPhase;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Who ran it (e.g. `cli:host:pid`, an operator replica). */
  readonly holder: string;
  /** The last step reached: `PreSync/0`, `Sync/2`, `prune`, `PostSync/0`. */
  readonly reached?: string;
  readonly hooks: readonly HookOutcome[];
  /** Failed stage, when phase is Failed. */
  readonly stage?: SyncStage;
  readonly message: string;
}
