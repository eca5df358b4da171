import type { HookDeletePolicy, HookPhase } from './annotations';
import type { Health } from './health';
import type { InfraEvent } from './infra-step';
import type { ObjectRef } from './ref';

/** What a sync reports while it runs; folded into status, printed by the CLI. */
export type SyncEvent =
  /** Progress of the sync's infra gate (the Pulumi step), as `ferry infra` reports it. */
  | { readonly type: 'infra'; readonly event: InfraEvent }
  | { readonly type: 'sync-started'; readonly env: string; readonly revision: string | null }
  | { readonly type: 'phase-started'; readonly phase: HookPhase }
  | { readonly type: 'wave-started'; readonly phase: HookPhase; readonly wave: number }
  | {
      readonly type: 'object-applied';
      readonly ref: ObjectRef;
      readonly action: 'created' | 'configured' | 'unchanged' | 'recreated';
    }
  | { readonly type: 'object-failed'; readonly ref: ObjectRef; readonly message: string }
  | { readonly type: 'object-health'; readonly ref: ObjectRef; readonly health: Health }
  | { readonly type: 'hook-started'; readonly ref: ObjectRef; readonly phase: HookPhase }
  | {
      readonly type: 'hook-completed';
      readonly ref: ObjectRef;
      readonly phase: HookPhase;
      readonly result: 'succeeded' | 'failed';
      readonly message: string;
    }
  | { readonly type: 'hook-deleted'; readonly ref: ObjectRef; readonly policy: HookDeletePolicy }
  | { readonly type: 'pruned'; readonly ref: ObjectRef }
  | { readonly type: 'rejected'; readonly ref: ObjectRef; readonly message: string }
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'sync-needed'; readonly reason: string }
  | { readonly type: 'prune-skipped'; readonly ref: ObjectRef; readonly reason: string }
  | {
      readonly type: 'sync-finished';
      readonly result: 'succeeded' | 'failed';
      readonly message: string;
      readonly durationMs: number;
    };

export type SyncEventType = SyncEvent['type'];
