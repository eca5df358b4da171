/**
 * Deterministic names of what an infra description creates: the same description always gives the
 * same names (no random suffixes), so previews are stable and a re-run adopts what exists. Shared
 * by the validation (names that would be too long fail at synth) and by operator/infra.
 */
import { createHash } from 'node:crypto';
import type { InfraDescription, InfraNeedSpec } from '../model';

/** The connection Secret of a need: the app-facing contract, the same for every target. */
export function connectionSecretName(need: InfraNeedSpec): string {
  return need.name;
}

/**
 * The keys of each kind's connection Secret: the app-facing contract, the same on every target
 * (README, "Infrastructure"). `url` is always there.
 */
export const CONNECTION_KEYS = {
  postgres: ['url', 'host', 'port', 'database', 'username', 'password'],
  bucket: ['url', 'bucket', 'endpoint'],
  queue: ['url', 'project', 'topic', 'subscription', 'endpoint'],
} as const satisfies Record<InfraNeedSpec['kind'], readonly string[]>;

/** The in-cluster server of a need on the local target (StatefulSet and Service). */
export function localServerName(need: InfraNeedSpec): string {
  return `${need.name}-${{ postgres: 'postgres', bucket: 'gcs', queue: 'pubsub' }[need.kind]}`;
}

/** Local server names become StatefulSet names; pods and revision labels add up to 11 characters. */
export const LOCAL_SERVER_NAME_MAX = 52;

export interface GcpNames {
  /** Cloud SQL instance (postgres). */
  readonly instance: string;
  /** Database in the instance (postgres): the need name with `_` for `-`. */
  readonly database: string;
  /** Bucket name, globally unique in GCS: prefixed with the project. */
  readonly bucket: string;
  /** Pub/Sub topic and its subscription. */
  readonly topic: string;
  readonly subscription: string;
}

export const DATABASE_USER = 'app';

export function gcpNames(d: Pick<InfraDescription, 'environment' | 'target'>, need: InfraNeedSpec): GcpNames {
  const project = d.target.kind === 'gcp' ? d.target.project : '';
  const scoped = `${d.environment}-${need.name}`;
  return {
    instance: scoped,
    database: need.name.replace(/-/g, '_'),
    bucket: `${project}-${scoped}`,
    topic: scoped,
    subscription: scoped,
  };
}

/**
 * The environment's Google service account id (6..30 characters). Longer environment names are
 * cut and given a short hash of the full name, so the id stays deterministic and unique.
 */
export function gcpServiceAccountId(environment: string): string {
  const id = `${environment}-app`;
  if (id.length <= 30) return id.length >= 6 ? id : `ferry-${id}`;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 6);
  return `${id.slice(0, 23).replace(/-+$/, '')}-${hash}`;
}

/** Name limits checked at synth, per target. */
export const GCP_LIMITS = { instance: 98, bucket: 63, topic: 255 } as const;
