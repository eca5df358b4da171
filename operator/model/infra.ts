/**
 * The infra description (`<env>/infra/stack.json` in a deploy folder): everything the operator and
 * `ferry infra` need to preview or update an environment's Pulumi stack, without a build step. It
 * names the target (where the needs are realised), the target's resolved configuration and the
 * needs; it never carries a secret. `operator/infra` turns it into Pulumi resources; synth
 * (constructs/synth) writes it from the environment classes. See the README, "Infrastructure".
 */
export const INFRA_SCHEMA_VERSION = 1;

/** Where the description sits inside an environment folder. */
export const INFRA_FILE = 'infra/stack.json';

export type InfraNeedKind = 'postgres' | 'bucket' | 'queue';

interface NeedBase {
  /** The component that declared the need. */
  readonly component: string;
  /** DNS label, unique in the environment: also the name of the connection Secret. */
  readonly name: string;
}

export interface PostgresNeedSpec extends NeedBase {
  readonly kind: 'postgres';
  /** Major version, e.g. `16`. */
  readonly version: string;
  readonly storageGiB: number;
}

export interface BucketNeedSpec extends NeedBase {
  readonly kind: 'bucket';
  readonly versioned: boolean;
}

export interface QueueNeedSpec extends NeedBase {
  readonly kind: 'queue';
  /** How long a delivered message stays invisible before redelivery (Pub/Sub: ack deadline), 10..600. */
  readonly visibilityTimeoutSeconds: number;
}

export type InfraNeedSpec = PostgresNeedSpec | BucketNeedSpec | QueueNeedSpec;

/** In-cluster servers in the environment's namespace (dev, previews, staging of the example). */
export interface LocalTargetSpec {
  readonly kind: 'local';
  /** `persistent`: a PersistentVolumeClaim per server; `ephemeral`: emptyDir (data lost on restart). */
  readonly storage: 'persistent' | 'ephemeral';
  /** StorageClass of the claims; null = the cluster's default. */
  readonly storageClass: string | null;
  /** Images of the servers; Postgres is `<postgres>:<need version>`; `init` prepares volumes. */
  readonly images: {
    readonly postgres: string;
    readonly bucket: string;
    readonly queue: string;
    readonly init: string;
  };
}

/** Database shape of the gcp target, chosen per environment. */
export interface GcpDatabaseSizing {
  /** Cloud SQL machine tier, e.g. `db-f1-micro`. */
  readonly tier: string;
  /** Regional (HA, automatic failover) instead of zonal. */
  readonly highAvailability: boolean;
  /** Refuse deletion of the instance (Cloud SQL and Pulumi `protect`). */
  readonly deletionProtection: boolean;
  /** Daily backups with point-in-time recovery. */
  readonly backups: boolean;
}

/** Managed services in a Google Cloud project. */
export interface GcpTargetSpec {
  readonly kind: 'gcp';
  readonly project: string;
  readonly region: string;
  /** VPC network the Cloud SQL instances get a private IP in. */
  readonly network: string;
  readonly database: GcpDatabaseSizing;
}

export type InfraTargetSpec = LocalTargetSpec | GcpTargetSpec;
export type InfraTargetKind = InfraTargetSpec['kind'];

export interface InfraDescription {
  readonly schemaVersion: typeof INFRA_SCHEMA_VERSION;
  /** The environment (DNS label). */
  readonly environment: string;
  /** Pulumi project and stack: the state of `<project>/<stack>` in the backend. */
  readonly project: string;
  readonly stack: string;
  /** The environment's namespace: the connection Secrets (and local servers) live there. */
  readonly namespace: string;
  /** `app.kubernetes.io/part-of` of everything the stack creates in the cluster. */
  readonly platform: string;
  readonly target: InfraTargetSpec;
  /** Sorted by name. */
  readonly needs: readonly InfraNeedSpec[];
}

/** One problem in a description: the component (when a need is at fault), the field, what is wrong. */
export interface InfraProblem {
  readonly component?: string;
  readonly field: string;
  readonly problem: string;
}
