/**
 * Container resources: requests and limits, given as Kubernetes quantities (`{ cpu: '250m',
 * memory: '512Mi' }`) or in millicores and MiB (`{ cpuMillis: 250, memoryMiB: 512 }`). Values
 * are validated when created; problems are reported with the place that uses them
 * (`[dev/api] resources.limits.cpu: …`), never thrown.
 */
import {
  formatCpu,
  formatMemory,
  parseCpu,
  parseMemory,
  type CpuQuantity,
  type MemoryQuantity,
} from './quantity';

/** CPU in millicores and memory in MiB. */
export interface ResourceAmounts {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

/** CPU and memory as Kubernetes quantities. */
export interface ResourceQuantities {
  readonly cpu: CpuQuantity;
  readonly memory: MemoryQuantity;
}

export type Amounts = ResourceAmounts | ResourceQuantities;

/** The Kubernetes `resources` shape: `{ requests: { cpu: '250m', memory: '512Mi' }, limits: … }`. */
export interface ResourceRequirements {
  readonly requests: Amounts;
  /** @default twice the requests */
  readonly limits?: Amounts;
}

interface Parsed {
  readonly cpu: string;
  readonly millis: number;
  readonly memory: string;
  readonly bytes: number;
}

/** A problem as `[field, problem]`, the field relative to the value that has it. */
export type FieldProblem = [field: string, problem: string];

function parseAmounts(a: unknown, part: string, out: FieldProblem[]): Parsed | undefined {
  if (!a || typeof a !== 'object') {
    out.push([part, `is ${a === undefined ? 'undefined' : JSON.stringify(a)}; give { cpu, memory }`]);
    return undefined;
  }
  const o = a as Record<string, unknown>;
  const legacy = 'cpuMillis' in o || 'memoryMiB' in o;
  const cpu = legacy ? millis(o.cpuMillis) : parseCpu(o.cpu);
  const memory = legacy ? mebibytes(o.memoryMiB) : parseMemory(o.memory);
  const cpuField = `${part}.${legacy ? 'cpuMillis' : 'cpu'}`;
  const memField = `${part}.${legacy ? 'memoryMiB' : 'memory'}`;
  if ('problem' in cpu) out.push([cpuField, cpu.problem]);
  if ('problem' in memory) out.push([memField, memory.problem]);
  if ('problem' in cpu || 'problem' in memory) return undefined;
  return { cpu: cpu.text, millis: cpu.millis, memory: memory.text, bytes: memory.bytes };
}

function millis(v: unknown): { text: string; millis: number } | { problem: string } {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    return { problem: `(${String(v)}) must be a positive integer` };
  }
  return { text: formatCpu(v), millis: v };
}

function mebibytes(v: unknown): { text: string; bytes: number } | { problem: string } {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    return { problem: `(${String(v)}) must be a positive integer` };
  }
  return { text: `${v}Mi`, bytes: v * 2 ** 20 };
}

/** Container resource requests and limits, validated at creation (requests <= limits). */
export class Resources {
  /**
   * @param requests what the scheduler reserves: `{ cpu: '250m', memory: '512Mi' }` or
   *   `{ cpuMillis: 250, memoryMiB: 512 }`
   * @param limits the ceiling; @default twice the requests
   */
  static of(requests: Amounts, limits?: Amounts): Resources {
    const problems: FieldProblem[] = [];
    const req = parseAmounts(requests, 'requests', problems);
    let lim = limits === undefined ? undefined : parseAmounts(limits, 'limits', problems);
    if (req && limits === undefined) {
      lim = {
        cpu: formatCpu(req.millis * 2),
        millis: req.millis * 2,
        memory: formatMemory(req.bytes * 2),
        bytes: req.bytes * 2,
      };
    }
    if (req && lim) {
      if (lim.millis < req.millis)
        problems.push(['limits.cpu', `(${lim.cpu}) must be >= requests.cpu (${req.cpu})`]);
      if (lim.bytes < req.bytes) {
        problems.push(['limits.memory', `(${lim.memory}) must be >= requests.memory (${req.memory})`]);
      }
    }
    return new Resources(req, lim, problems);
  }

  /** Resources from either a `Resources` value or a Kubernetes-style `{ requests, limits }` object. */
  static from(spec: Resources | ResourceRequirements): Resources {
    if (spec instanceof Resources) return spec;
    if (!spec || typeof spec !== 'object' || !('requests' in spec)) {
      return new Resources(undefined, undefined, [['', 'give Resources.of(...) or { requests, limits }']]);
    }
    return Resources.of(spec.requests, spec.limits);
  }

  private constructor(
    private readonly req: Parsed | undefined,
    private readonly lim: Parsed | undefined,
    private readonly issues: readonly FieldProblem[],
  ) {}

  /** Problems as `[field, problem]` pairs, fields relative to the resources (`limits.cpu`). */
  problems(): FieldProblem[] {
    return [...this.issues];
  }

  /** Requested CPU in millicores (0 when invalid). */
  get requestMillis(): number {
    return this.req?.millis ?? 0;
  }

  /** The Kubernetes `resources` block. */
  toJson(): { requests: Record<string, string>; limits: Record<string, string> } {
    if (!this.req || !this.lim)
      throw new Error(`invalid resources: ${this.issues.map((p) => p.join(' ')).join('; ')}`);
    return {
      requests: { cpu: this.req.cpu, memory: this.req.memory },
      limits: { cpu: this.lim.cpu, memory: this.lim.memory },
    };
  }
}

/** The kind of work a container does; a sizing profile gives each tier its resources. */
export type WorkloadTier = 'web' | 'worker' | 'job';

const TIERS: readonly WorkloadTier[] = ['web', 'worker', 'job'];

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

  /** A custom profile; problems are reported as `[env] sizing.<field>: …` when an environment uses it. */
  static custom(name: string, maxReplicas: number, tiers: Readonly<Record<WorkloadTier, Resources>>): Sizing {
    return new Sizing(name, maxReplicas, tiers);
  }

  private constructor(
    readonly name: string,
    /** No workload or autoscaler may run more replicas than this. */
    readonly maxReplicas: number,
    private readonly tiers: Readonly<Record<WorkloadTier, Resources>>,
  ) {}

  /** Problems as `[field, problem]` pairs, fields relative to the sizing (`maxReplicas`, `web.limits.cpu`). */
  problems(): FieldProblem[] {
    const out: FieldProblem[] = [];
    if (!Number.isInteger(this.maxReplicas) || this.maxReplicas < 1) {
      out.push(['maxReplicas', `(${this.maxReplicas}) must be a positive integer`]);
    }
    for (const tier of TIERS) {
      const r = this.tiers?.[tier];
      if (!(r instanceof Resources)) out.push([tier, 'is missing; give Resources.of({ cpu, memory })']);
      else for (const [f, p] of r.problems()) out.push([`${tier}.${f}`, p]);
    }
    return out;
  }

  resources(tier: WorkloadTier): Resources {
    return this.tiers[tier];
  }
}
