/**
 * Where an environment's infra needs are realised. An environment class chooses one
 * (`infraTarget()`); synth resolves it into the target part of the infra description
 * (`<env>/infra/stack.json`), which the operator and `ferry infra` run with Pulumi.
 *
 * - `InfraTarget.local()`: in-cluster servers in the environment's namespace — Postgres, a
 *   GCS-compatible bucket server (fake-gcs-server) and the Pub/Sub emulator, so apps use the same
 *   client libraries as on `gcp`.
 * - `InfraTarget.gcp({ project })`: Cloud SQL, Cloud Storage, Pub/Sub and a service account with
 *   least-privilege IAM, sized by the environment (`GcpDatabaseSizing.forSizing`).
 *
 * Every target gives the app the same contract: one Kubernetes Secret per need, named after it.
 */
import type { GcpDatabaseSizing, GcpTargetSpec, InfraTargetSpec, LocalTargetSpec } from '../operator/model';
import type { Sizing } from './resources';

export interface LocalImages {
  /** Postgres image without tag; the need's version is the tag. @default 'docker.io/library/postgres' */
  readonly postgres: string;
  /** GCS-compatible server. @default 'docker.io/fsouza/fake-gcs-server:1.52.2' */
  readonly bucket: string;
  /** Pub/Sub emulator (gcloud with its emulators). @default 'gcr.io/google.com/cloudsdktool/google-cloud-cli:emulators' */
  readonly queue: string;
  /** Prepares volumes (creates the bucket folder). @default 'docker.io/library/busybox:1.37' */
  readonly init: string;
}

export const DEFAULT_LOCAL_IMAGES: LocalImages = {
  postgres: 'docker.io/library/postgres',
  bucket: 'docker.io/fsouza/fake-gcs-server:1.52.2',
  queue: 'gcr.io/google.com/cloudsdktool/google-cloud-cli:emulators',
  init: 'docker.io/library/busybox:1.37',
};

export interface LocalTargetProps {
  /**
   * `persistent`: a PersistentVolumeClaim per server; `ephemeral`: emptyDir, data is lost when a
   * pod restarts (previews). @default 'persistent'
   */
  readonly storage?: 'persistent' | 'ephemeral';
  /** StorageClass of the claims. @default the cluster's default class */
  readonly storageClass?: string;
  /** @default DEFAULT_LOCAL_IMAGES */
  readonly images?: Partial<LocalImages>;
}

export interface GcpTargetProps {
  /** Google Cloud project id, e.g. `acme-shop-prod`. Required. */
  readonly project: string;
  /** @default 'europe-west1' */
  readonly region?: string;
  /** VPC network for the Cloud SQL private IP. @default `projects/<project>/global/networks/default` */
  readonly network?: string;
  /** Cloud SQL shape. @default `GcpDatabaseSizing.forSizing(environment sizing)` */
  readonly database?: Partial<GcpDatabaseSizing>;
}

/** Cloud SQL shapes per sizing profile: the smallest for dev, HA and deletion protection for large. */
export const GcpDatabaseSizings = {
  forSizing(sizing: Sizing): GcpDatabaseSizing {
    switch (sizing.name) {
      case 'large':
        return { tier: 'db-custom-4-15360', highAvailability: true, deletionProtection: true, backups: true };
      case 'medium':
        return {
          tier: 'db-custom-1-3840',
          highAvailability: false,
          deletionProtection: false,
          backups: true,
        };
      default:
        return { tier: 'db-f1-micro', highAvailability: false, deletionProtection: false, backups: false };
    }
  },
};

/** What a target needs to know about the environment to resolve itself. */
export interface TargetContext {
  readonly sizing: Sizing;
}

export class InfraTarget {
  /** In-cluster servers in the environment's namespace. */
  static local(props: LocalTargetProps = {}): InfraTarget {
    return new InfraTarget('local', (): LocalTargetSpec => ({
      kind: 'local',
      storage: props.storage ?? 'persistent',
      storageClass: props.storageClass ?? null,
      images: { ...DEFAULT_LOCAL_IMAGES, ...props.images },
    }));
  }

  /** Managed services in a Google Cloud project. */
  static gcp(props: GcpTargetProps): InfraTarget {
    return new InfraTarget('gcp', (ctx): GcpTargetSpec => ({
      kind: 'gcp',
      project: props.project,
      region: props.region ?? 'europe-west1',
      network: props.network ?? `projects/${props.project}/global/networks/default`,
      database: { ...GcpDatabaseSizings.forSizing(ctx.sizing), ...props.database },
    }));
  }

  private constructor(
    readonly kind: InfraTargetSpec['kind'],
    private readonly resolve: (ctx: TargetContext) => InfraTargetSpec,
  ) {}

  /** The target part of the infra description (validated by synth, not here). */
  toSpec(ctx: TargetContext): InfraTargetSpec {
    return this.resolve(ctx);
  }
}

/** The resolved forms of targets and needs, as synth writes them into `<env>/infra/stack.json`. */
export type {
  BucketNeedSpec,
  GcpDatabaseSizing,
  GcpTargetSpec,
  InfraNeedSpec,
  InfraTargetSpec,
  LocalTargetSpec,
  PostgresNeedSpec,
  QueueNeedSpec,
} from '../operator/model';
