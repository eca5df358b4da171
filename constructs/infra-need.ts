/**
 * Infrastructure a component needs beside its workloads: a Postgres database, a bucket, a queue.
 * Synth records them in the infra description (`<env>/infra/stack.json`); the environment's infra
 * target realises them with Pulumi and hands the app one Kubernetes Secret per need, named after it.
 */
import type { InfraNeedSpec } from '../operator/model';

export type InfraNeed = PostgresNeed | BucketNeed | QueueNeed;

export interface PostgresNeed {
  readonly kind: 'postgres';
  /** DNS label, unique per environment: also the name of the connection Secret. */
  readonly name: string;
  /** @default '16' */
  readonly version?: string;
  /** @default 10 */
  readonly storageGiB?: number;
}

export interface BucketNeed {
  readonly kind: 'bucket';
  readonly name: string;
  /** @default false */
  readonly versioned?: boolean;
}

export interface QueueNeed {
  readonly kind: 'queue';
  readonly name: string;
  /** Seconds a delivered message stays invisible before redelivery (Pub/Sub ack deadline), 10..600. @default 30 */
  readonly visibilityTimeoutSeconds?: number;
}

/** Factories, so user code reads `InfraNeeds.postgres('orders-db')`. */
export const InfraNeeds = {
  postgres(name: string, opts: Omit<PostgresNeed, 'kind' | 'name'> = {}): PostgresNeed {
    return { kind: 'postgres', name, ...opts };
  },
  bucket(name: string, opts: Omit<BucketNeed, 'kind' | 'name'> = {}): BucketNeed {
    return { kind: 'bucket', name, ...opts };
  },
  queue(name: string, opts: Omit<QueueNeed, 'kind' | 'name'> = {}): QueueNeed {
    return { kind: 'queue', name, ...opts };
  },
};

/** The infra description form of a need: defaults applied, keys in a fixed order (validated by synth). */
export function resolveNeed(component: string, need: InfraNeed): InfraNeedSpec {
  const { name } = need;
  switch (need.kind) {
    case 'postgres':
      return {
        component,
        kind: 'postgres',
        name,
        version: need.version ?? '16',
        storageGiB: need.storageGiB ?? 10,
      };
    case 'bucket':
      return { component, kind: 'bucket', name, versioned: need.versioned ?? false };
    case 'queue':
      return {
        component,
        kind: 'queue',
        name,
        visibilityTimeoutSeconds: need.visibilityTimeoutSeconds ?? 30,
      };
  }
}
