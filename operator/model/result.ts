/**
 * The one result of a sync, whatever happened: which stage failed (if any), why the sync ran,
 * and what happened to each object. Expected failures (an unreachable remote, a broken folder, a
 * rejected object, an unhealthy wave) are results, not exceptions, so a controller can record
 * them and a CLI can map them to exit codes.
 */
import type { HookPhase } from './annotations';
import type { Health } from './health';
import type { InfraStepResult } from './infra-step';
import type { ObjectRef } from './ref';

/** Where a sync stops, in the order a sync passes through them. */
export const SYNC_STAGES = [
  'source',
  'manifests',
  'cluster',
  'lock',
  'plan',
  'dry-run',
  'infra',
  'apply',
  'health',
  'hooks',
  'prune',
  'inventory',
] as const;
export type SyncStage = (typeof SYNC_STAGES)[number];

/** Stages whose failure means the input is wrong (exit 2 in the CLI), not the cluster. */
export const INPUT_STAGES: ReadonlySet<SyncStage> = new Set(['manifests', 'cluster', 'plan', 'dry-run']);

/**
 * `out-of-sync`: objects drifted and were left alone because the environment does not repair drift
 * (`syncPolicy.selfHeal: false`); nothing was written.
 */
export type SyncOutcome = 'succeeded' | 'failed' | 'in-sync' | 'out-of-sync';

/** Why a sync was needed (or, for `in-sync`, why none was). */
export type SyncReason =
  | { readonly kind: 'first-sync' }
  | { readonly kind: 'new-revision'; readonly from: string | null }
  | { readonly kind: 'previous-failed'; readonly message: string }
  | { readonly kind: 'previous-interrupted'; readonly startedAt: string }
  /** The infra description differs from the one last brought up (`from`: its hash; absent: never). */
  | { readonly kind: 'infra-changed'; readonly stack: string; readonly from?: string }
  /** The description is unchanged; its last successful up is older than the refresh interval. */
  | { readonly kind: 'infra-refresh'; readonly stack: string; readonly lastUpAt: string }
  | { readonly kind: 'drift'; readonly objects: number }
  | { readonly kind: 'prune-pending'; readonly objects: number }
  | { readonly kind: 'in-sync' };

export function describeReason(r: SyncReason): string {
  switch (r.kind) {
    case 'first-sync':
      return 'first sync of this environment on this cluster';
    case 'new-revision':
      return r.from ? `new revision (last synced ${r.from.slice(0, 12)})` : 'new revision';
    case 'previous-failed':
      return `the previous sync failed: ${r.message.split('\n')[0]}`;
    case 'previous-interrupted':
      return `the previous sync (started ${r.startedAt}) did not finish`;
    case 'infra-changed':
      return r.from
        ? `infra changed (stack ${r.stack}: the description differs from the last successful up)`
        : `infra changed (stack ${r.stack} was never brought up by a sync)`;
    case 'infra-refresh':
      return `infra drift check (stack ${r.stack}: last successful up ${r.lastUpAt}; refresh, then up)`;
    case 'drift':
      return `${r.objects} object${r.objects === 1 ? '' : 's'} drifted`;
    case 'prune-pending':
      return `${r.objects} object${r.objects === 1 ? '' : 's'} to prune`;
    case 'in-sync':
      return 'in sync';
  }
}

export type ObjectAction =
  | 'created'
  | 'configured'
  | 'unchanged'
  | 'recreated'
  | 'pruned'
  | 'kept'
  | 'rejected'
  | 'failed'
  | 'hook-succeeded'
  | 'hook-failed';

export interface ObjectResult {
  readonly ref: ObjectRef;
  readonly action: ObjectAction;
  readonly message?: string;
  readonly health?: Health;
  /** For hooks: the phase it ran in. */
  readonly phase?: HookPhase;
}

/** Requests by kind; writes are create + patch + update + delete. */
export interface RequestCounts {
  get: number;
  list: number;
  /** Server-side dry-run PATCH/POST requests: they change nothing. */
  dryRun: number;
  create: number;
  patch: number;
  update: number;
  delete: number;
  /** Requests retried after a transient error (429, 5xx, connection reset). */
  retries: number;
}

export function writeCount(c: RequestCounts): number {
  return c.create + c.patch + c.update + c.delete;
}

/** An object found drifted, and who changed it last (from its managedFields), when known. */
export interface DriftNote {
  readonly ref: ObjectRef;
  /** The field manager of the newest change by anyone but Ferry. */
  readonly manager?: string;
  /** The object was gone. */
  readonly deleted?: boolean;
}

export interface SyncResult {
  readonly env: string;
  /** The revision synced; null when the source could not be read. */
  readonly revision: string | null;
  readonly result: SyncOutcome;
  /** The stage that failed (only when `result` is `failed`). */
  readonly stage?: SyncStage;
  readonly reason: SyncReason;
  readonly message: string;
  readonly objects: readonly ObjectResult[];
  readonly pruned: readonly ObjectRef[];
  /** Things a person should know that did not stop the sync (unsupported sync options, ...). */
  readonly warnings: readonly string[];
  readonly requests: RequestCounts;
  /** The infra step, when it ran (or was skipped because the description was unchanged). */
  readonly infra?: InfraStepResult;
  /** Drifted objects and who changed them (self-heal, and `out-of-sync` results). */
  readonly drift?: readonly DriftNote[];
  readonly startedAt: string;
  readonly durationMs: number;
}
