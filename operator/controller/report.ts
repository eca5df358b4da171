/**
 * What the controller reports about an Environment, as data. The status layer folds these into the
 * Environment's status and Events (the controller never writes status itself).
 */
import type { DiffResult, EnvironmentStatus, TeardownResult } from '../reconcile';
import type { DeletionPolicy, EnvironmentResource, ObjectRef, SyncEvent, SyncResult } from '../model';
import type { Fight } from './fight';

export type ReconcileReport =
  /** A sync is starting (Reconciling=True). `request` is the "sync now" value being handled. */
  | { readonly kind: 'started'; readonly request?: string }
  | {
      readonly kind: 'synced';
      readonly result: SyncResult;
      /** Health of every owned object after the sync (undefined when it could not be read). */
      readonly state?: EnvironmentStatus;
      /** Prunes and hook outcomes, for Events. */
      readonly events: readonly SyncEvent[];
      readonly request?: string;
      /** Objects self-heal leaves alone for now: another writer keeps changing them (fight.ts). */
      readonly fights?: readonly Fight[];
    }
  /** automated: false — compared, nothing written. */
  | { readonly kind: 'observed'; readonly diff: DiffResult; readonly state: EnvironmentStatus }
  /** The sync could not start: the cause, until something changes. */
  | { readonly kind: 'stalled'; readonly reason: string; readonly message: string; readonly request?: string }
  | { readonly kind: 'suspended' }
  /** Past its `ferry.dev/expires-at` (a preview's TTL): the Environment is being deleted. */
  | { readonly kind: 'expired'; readonly expiredAt: string }
  | {
      readonly kind: 'deleted';
      readonly policy: DeletionPolicy;
      readonly deleted: readonly ObjectRef[];
      readonly kept: TeardownResult['kept'];
      readonly infra?: TeardownResult['infra'];
    };

export interface Reporter {
  report(env: EnvironmentResource, report: ReconcileReport): Promise<void>;
}
