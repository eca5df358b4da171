/**
 * Sync annotations: keys and the parsed, typed values. Ferry's own keys win over the Argo CD
 * equivalents when both are present on one object.
 */

export const ANNOTATIONS = {
  syncWave: 'ferry.dev/sync-wave',
  hook: 'ferry.dev/hook',
  hookDeletePolicy: 'ferry.dev/hook-delete-policy',
  dependsOn: 'ferry.dev/depends-on',
  syncOptions: 'ferry.dev/sync-options',
  trackingId: 'ferry.dev/tracking-id',
} as const;

/** Argo CD equivalents honoured so existing manifests keep working (depends-on has none). */
export const ARGO_ANNOTATIONS = {
  syncWave: 'argocd.argoproj.io/sync-wave',
  hook: 'argocd.argoproj.io/hook',
  hookDeletePolicy: 'argocd.argoproj.io/hook-delete-policy',
  syncOptions: 'argocd.argoproj.io/sync-options',
} as const;

export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  env: 'ferry.dev/env',
} as const;

export const HOOK_PHASES = ['PreSync', 'Sync', 'PostSync', 'SyncFail'] as const;
/** A phase in which hooks run. */
export type HookPhase = (typeof HOOK_PHASES)[number];
/** The phases of a successful sync, in order. SyncFail runs only when the sync fails. */
export type SyncPhase = Exclude<HookPhase, 'SyncFail'>;
export const SYNC_PHASES: readonly SyncPhase[] = ['PreSync', 'Sync', 'PostSync'];

export const HOOK_DELETE_POLICIES = ['HookSucceeded', 'HookFailed', 'BeforeHookCreation'] as const;
export type HookDeletePolicy = (typeof HOOK_DELETE_POLICIES)[number];
/** @default when no delete policy is given */
export const DEFAULT_HOOK_DELETE_POLICY: HookDeletePolicy = 'BeforeHookCreation';

/** Typed `sync-options`. Absent means the default (all false, Validate true). */
export interface SyncOptions {
  /** `Prune=false`: never delete this object, even when it is no longer desired. @default true */
  readonly prune: boolean;
  /** `Force=true`: force field-manager conflicts and recreate on immutable-field errors. @default false */
  readonly force: boolean;
  /** `Replace=true`: recreate on immutable-field errors. @default false */
  readonly replace: boolean;
  /** `PruneLast=true`: delete after every other step of the Sync phase. @default false */
  readonly pruneLast: boolean;
  /** `ServerSideApply=true` (Ferry always applies server-side; accepted for compatibility). @default false */
  readonly serverSideApply: boolean;
  /** `Validate=false`: skip server-side field validation. @default true */
  readonly validate: boolean;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  prune: true,
  force: false,
  replace: false,
  pruneLast: false,
  serverSideApply: false,
  validate: true,
};

/**
 * A hook declaration. `Skip` (Argo CD only) means "never apply this object".
 */
export type HookSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'skip' }
  | {
      readonly kind: 'hook';
      readonly phases: readonly HookPhase[];
      readonly deletePolicies: readonly HookDeletePolicy[];
    };
