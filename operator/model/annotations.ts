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

/** Helm's hook annotations, mapped as Argo CD maps them (see manifests/helm.ts). */
export const HELM_ANNOTATIONS = {
  hook: 'helm.sh/hook',
  hookWeight: 'helm.sh/hook-weight',
  hookDeletePolicy: 'helm.sh/hook-delete-policy',
} as const;

export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  env: 'ferry.dev/env',
  /** On every object the sync engine applies: the environment that owns it (selectable by watches). */
  environment: 'ferry.dev/environment',
  /**
   * On every Kubernetes object the environment's infra stack makes (the local target's servers,
   * their volume claims through the StatefulSet selector, the connection Secrets): the environment.
   */
  infra: 'ferry.dev/infra',
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

/** How a prune or an environment deletion removes an object's dependents. */
export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

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
  /** `Validate=false`: send `fieldValidation=Ignore` instead of `Strict`. @default true */
  readonly validate: boolean;
  /** `Delete=false`: keep the object when its environment is deleted (Argo CD semantics). @default true */
  readonly delete: boolean;
  /** `CreateNamespace=true`: create the object's namespace when nothing else declares it. @default false */
  readonly createNamespace: boolean;
  /**
   * `SkipDryRunOnMissingResource=true`: a custom resource whose kind is not served yet (its CRD is
   * installed by something else) is not rejected before the sync; it is applied when its turn comes.
   * @default false
   */
  readonly skipDryRunOnMissingResource: boolean;
  /** `PrunePropagationPolicy=foreground|background|orphan`. @default 'Foreground' */
  readonly prunePropagationPolicy: PropagationPolicy;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  prune: true,
  force: false,
  replace: false,
  pruneLast: false,
  serverSideApply: false,
  validate: true,
  delete: true,
  createNamespace: false,
  skipDryRunOnMissingResource: false,
  prunePropagationPolicy: 'Foreground',
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
