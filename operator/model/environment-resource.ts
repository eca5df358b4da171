/**
 * The `Environment` custom resource (`ferry.dev/v1alpha1`, namespaced, in `ferry-system`): one per
 * environment, telling the operator where to read it and where to apply it, and reporting how it
 * went. These types are the contract between the CRD's OpenAPI schema (built by the construct in
 * constructs/operator/), the controller that reads specs and writes status, and the CLI.
 */
import type { HealthStatus } from './health';

export const ENVIRONMENT_GROUP = 'ferry.dev';
export const ENVIRONMENT_VERSION = 'v1alpha1';
export const ENVIRONMENT_API_VERSION = `${ENVIRONMENT_GROUP}/${ENVIRONMENT_VERSION}`;
export const ENVIRONMENT_KIND = 'Environment';
export const ENVIRONMENT_PLURAL = 'environments';
/** Where Environments, the operator and its state live. */
export const SYSTEM_NAMESPACE = 'ferry-system';
/** The finalizer that applies `deletionPolicy` when an Environment is deleted. */
export const ENVIRONMENT_FINALIZER = 'ferry.dev/deletion-policy';
/** Annotation asking the operator to sync now (`ferry sync <env> --operator` sets it to a timestamp). */
export const SYNC_REQUEST_ANNOTATION = 'ferry.dev/sync-requested-at';
/** Annotation: when the operator deletes this Environment (previews' TTL), an ISO timestamp. */
export const EXPIRES_ANNOTATION = 'ferry.dev/expires-at';
/** Label of preview Environments created by `ferry preview open`. */
export const PREVIEW_LABEL = 'ferry.dev/preview';
/** Label of Secrets holding the kubeconfig of a destination cluster (`kubeconfig` key). */
export const CLUSTER_SECRET_LABEL = 'ferry.dev/cluster';
/** `destination.cluster` meaning the operator's own cluster, through its service account. */
export const IN_CLUSTER = 'in-cluster';

export interface EnvironmentSource {
  /** Git URL of the deploy repository. */
  readonly repo: string;
  /** @default 'deploy' */
  readonly branch?: string;
  /** Folder of the environment on the branch. @default the environment's name */
  readonly path?: string;
  /** Secret in ferry-system with git credentials: key `token` (HTTPS) or `sshPrivateKey`. */
  readonly secretRef?: { readonly name: string };
}

export interface EnvironmentResourceDestination {
  /** `in-cluster`, or the name of a Secret in ferry-system (label ferry.dev/cluster) with a `kubeconfig` key. */
  readonly cluster: string;
  readonly namespace: string;
}

export interface EnvironmentSyncPolicySpec {
  /** Sync new revisions and drift without being asked. @default true */
  readonly automated?: boolean;
  /** @default false */
  readonly prune?: boolean;
  /** @default false */
  readonly selfHeal?: boolean;
  /** @default false */
  readonly allowEmpty?: boolean;
}

export type DeletionPolicy = 'Orphan' | 'Delete';

/** Where the infra gate keeps the environment's Pulumi state (see the README, "Infrastructure"). */
export interface EnvironmentInfraSpec {
  /**
   * Secret in ferry-system with the backend: key `backendURL` (`file://…`, `s3://…`, `gs://…`,
   * `azblob://…`, `https://api.pulumi.com`) and, for self-managed backends, `passphrase`.
   */
  readonly backendSecretRef: { readonly name: string };
  /**
   * How long after its last successful `up` an unchanged stack is refreshed from the providers
   * and brought up again (drift check and repair). @default '1h'
   */
  readonly refreshInterval?: string;
}

/** `status.infra`: the environment's Pulumi stack as the last infra gate left it. Never a secret. */
export interface EnvironmentInfraStatus {
  /** `project/stack`. */
  readonly stack: string;
  /** Deploy revision whose infra description the last successful `up` applied. */
  readonly revision?: string;
  /** When that `up` finished. */
  readonly lastUpTime?: string;
  /** `infraHash` of that description. */
  readonly hash?: string;
  /** Outcome of the last attempt: `Succeeded` or `Failed`. */
  readonly result: 'Succeeded' | 'Failed';
  readonly message: string;
  /** The resource that failed (`type name`), when the last attempt failed on one. */
  readonly failedResource?: string;
  /** Resources in the stack after the last successful `up`. */
  readonly resources?: number;
  /** The stack's non-secret outputs. */
  readonly outputs?: Readonly<Record<string, unknown>>;
}

export interface EnvironmentResourceSpec {
  readonly source: EnvironmentSource;
  readonly destination: EnvironmentResourceDestination;
  readonly syncPolicy?: EnvironmentSyncPolicySpec;
  /** Stop syncing (status is still reported). @default false */
  readonly suspend?: boolean;
  /** How often the branch is checked and drift repaired. @default '1m' */
  readonly interval?: string;
  /** Health wait per wave and hook run time. @default '5m' */
  readonly timeout?: string;
  /** Pin to this deploy-branch commit (40 hex characters); empty follows the branch. */
  readonly revision?: string;
  /** What happens to the environment's objects when this Environment is deleted. @default 'Orphan' */
  readonly deletionPolicy?: DeletionPolicy;
  /** Why `revision` pins the environment (shown with it; set by `ferry rollback --reason`). */
  readonly pinReason?: string;
  /** The infra gate's backend; needed once the environment's folder has infra needs. */
  readonly infra?: EnvironmentInfraSpec;
}

export type ConditionType = 'Ready' | 'Reconciling' | 'Stalled';

export interface EnvironmentCondition {
  readonly type: ConditionType | string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
  readonly lastTransitionTime: string;
  readonly observedGeneration?: number;
}

export type SyncStatusValue = 'Synced' | 'OutOfSync' | 'Unknown';

export interface HistoryEntry {
  readonly revision: string;
  readonly started: string;
  readonly finished: string;
  readonly result: 'succeeded' | 'failed';
  readonly message: string;
  readonly writes: number;
  readonly pruned: number;
  /** Why it ran (`new revision`, `1 object drifted`, ...). */
  readonly reason?: string;
}

export interface ResourceRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly status: string;
  readonly message?: string;
}

export interface ResourceSummary {
  readonly total: number;
  readonly bySync: Readonly<Record<string, number>>;
  readonly byHealth: Readonly<Record<string, number>>;
  /** At most 20 objects that are not healthy. */
  readonly unhealthy: readonly ResourceRef[];
  /** At most 20 objects that are out of sync. */
  readonly outOfSync: readonly ResourceRef[];
}

export interface EnvironmentResourceStatus {
  readonly observedGeneration?: number;
  readonly conditions?: readonly EnvironmentCondition[];
  readonly sync?: SyncStatusValue;
  readonly health?: HealthStatus;
  /** Last revision synced successfully. */
  readonly revision?: string;
  readonly lastAttemptedRevision?: string;
  /** One line for printer columns and `ferry get environments`. */
  readonly message?: string;
  /** Last 10 syncs, newest first. */
  readonly history?: readonly HistoryEntry[];
  readonly resources?: ResourceSummary;
  /** Set while `spec.revision` pins the environment. */
  readonly pinned?: { readonly revision: string; readonly reason?: string };
  /** The last `ferry.dev/sync-requested-at` value the operator acted on. */
  readonly lastHandledRequest?: string;
  /** The environment's infra stack (absent until a sync ran its infra gate). */
  readonly infra?: EnvironmentInfraStatus;
}

export interface EnvironmentResource {
  readonly apiVersion: typeof ENVIRONMENT_API_VERSION;
  readonly kind: typeof ENVIRONMENT_KIND;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly generation?: number;
    readonly resourceVersion?: string;
    readonly deletionTimestamp?: string;
    readonly finalizers?: readonly string[];
    readonly annotations?: Readonly<Record<string, string>>;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly spec: EnvironmentResourceSpec;
  readonly status?: EnvironmentResourceStatus;
}

/** Printer columns of `kubectl get environments`. */
export const PRINTER_COLUMNS = [
  { name: 'Sync', type: 'string', jsonPath: '.status.sync' },
  { name: 'Health', type: 'string', jsonPath: '.status.health' },
  { name: 'Revision', type: 'string', jsonPath: '.status.revision' },
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  { name: 'Message', type: 'string', jsonPath: '.status.message' },
] as const;
