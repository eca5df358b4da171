/** CPU in millicores and memory in MiB, for requests or limits. */
export interface ResourceAmounts {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

/** Container resource requests and limits, validated at creation (requests <= limits). */
export class Resources {
  /**
   * @param requests what the scheduler reserves
   * @param limits the ceiling; @default twice the requests
   */
  static of(requests: ResourceAmounts, limits?: ResourceAmounts): Resources {
    const lim = limits ?? { cpuMillis: requests.cpuMillis * 2, memoryMiB: requests.memoryMiB * 2 };
    for (const [k, v] of Object.entries({ ...requests })) {
      if (!Number.isInteger(v) || v <= 0)
        throw new Error(`resources: requests.${k} (${v}) must be a positive integer`);
    }
    if (lim.cpuMillis < requests.cpuMillis || lim.memoryMiB < requests.memoryMiB) {
      throw new Error(
        `resources: limits (${lim.cpuMillis}m, ${lim.memoryMiB}Mi) must be >= requests (${requests.cpuMillis}m, ${requests.memoryMiB}Mi)`,
      );
    }
    return new Resources(requests, lim);
  }

  private constructor(
    readonly requests: ResourceAmounts,
    readonly limits: ResourceAmounts,
  ) {}

  /** The Kubernetes `resources` block. */
  toJson(): { requests: Record<string, string>; limits: Record<string, string> } {
    return {
      requests: { cpu: `${this.requests.cpuMillis}m`, memory: `${this.requests.memoryMiB}Mi` },
      limits: { cpu: `${this.limits.cpuMillis}m`, memory: `${this.limits.memoryMiB}Mi` },
    };
  }
}

/** The kind of work a container does; a sizing profile gives each tier its resources. */
export type WorkloadTier = 'web' | 'worker' | 'job';

/**
 * A sizing profile: default resources per tier and a replica cap. Applied by the ResourceProfile
 * and ReplicaCap policies to containers and workloads that do not pin their own.
 */
export class Sizing {
  /** Development: a few tens of millicores, one replica is plenty. */
  static small(): Sizing {
    return new Sizing('small', 3, {
      web: Resources.of({ cpuMillis: 50, memoryMiB: 64 }),
      worker: Resources.of({ cpuMillis: 50, memoryMiB: 64 }),
      job: Resources.of({ cpuMillis: 25, memoryMiB: 32 }),
    });
  }

  /** Staging and previews: production-shaped, smaller. */
  static medium(): Sizing {
    return new Sizing('medium', 6, {
      web: Resources.of({ cpuMillis: 200, memoryMiB: 256 }),
      worker: Resources.of({ cpuMillis: 200, memoryMiB: 256 }),
      job: Resources.of({ cpuMillis: 100, memoryMiB: 128 }),
    });
  }

  /** Production. */
  static large(): Sizing {
    return new Sizing('large', 20, {
      web: Resources.of({ cpuMillis: 500, memoryMiB: 512 }, { cpuMillis: 1000, memoryMiB: 1024 }),
      worker: Resources.of({ cpuMillis: 500, memoryMiB: 768 }, { cpuMillis: 1000, memoryMiB: 1536 }),
      job: Resources.of({ cpuMillis: 250, memoryMiB: 256 }),
    });
  }

  /** A custom profile. */
  static custom(name: string, maxReplicas: number, tiers: Readonly<Record<WorkloadTier, Resources>>): Sizing {
    if (!Number.isInteger(maxReplicas) || maxReplicas < 1) {
      throw new Error(`sizing ${name}: maxReplicas (${maxReplicas}) must be a positive integer`);
    }
    return new Sizing(name, maxReplicas, tiers);
  }

  private constructor(
    readonly name: string,
    /** No workload or autoscaler may run more replicas than this. */
    readonly maxReplicas: number,
    private readonly tiers: Readonly<Record<WorkloadTier, Resources>>,
  ) {}

  resources(tier: WorkloadTier): Resources {
    return this.tiers[tier];
  }
}
