/**
 * Infrastructure a component needs outside Kubernetes. Recorded in environment.json
 * (`infra.needs`); a later stage realises them with Pulumi.
 */
export type InfraNeed = PostgresNeed | BucketNeed | QueueNeed;

export interface PostgresNeed {
  readonly kind: 'postgres';
  /** Database name (unique per environment). */
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
  /** @default 30 */
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

/** The environment.json form of a need: defaults applied, keys in a fixed order. */
export function resolveNeed(component: string, need: InfraNeed): Record<string, unknown> {
  const head = { component, kind: need.kind, name: need.name };
  switch (need.kind) {
    case 'postgres':
      return { ...head, version: need.version ?? '16', storageGiB: need.storageGiB ?? 10 };
    case 'bucket':
      return { ...head, versioned: need.versioned ?? false };
    case 'queue':
      return { ...head, visibilityTimeoutSeconds: need.visibilityTimeoutSeconds ?? 30 };
  }
}
