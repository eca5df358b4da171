import { formatRef, type ObjectRef } from './ref';

/** Base of every error Ferry raises on purpose; anything else is a bug. */
export class FerryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem in a deploy folder: which file, which object (when known), what is wrong. */
export interface ManifestProblem {
  readonly file: string;
  /** `Deployment/shop-dev/public-api`, or a position like `document 2` when no name is known. */
  readonly object?: string;
  readonly message: string;
}

export function formatProblem(p: ManifestProblem): string {
  return p.object ? `${p.file}: ${p.object}: ${p.message}` : `${p.file}: ${p.message}`;
}

/**
 * Every problem found in a deploy folder, collected and thrown once, before anything is written
 * to the cluster.
 */
export class ManifestError extends FerryError {
  readonly problems: readonly ManifestProblem[];

  constructor(problems: readonly ManifestProblem[], context = 'the deploy folder') {
    const n = problems.length;
    super(
      `${n} problem${n === 1 ? '' : 's'} in ${context}; nothing was applied:\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
    this.problems = problems;
  }
}

/** The desired set cannot be ordered (dependency cycle, dependency on a later hook, ...). */
export class PlanError extends FerryError {}

export class DependencyCycleError extends PlanError {
  readonly cycle: readonly ObjectRef[];

  constructor(cycle: readonly ObjectRef[]) {
    super(
      `dependency cycle: ${[...cycle, cycle[0]!].map(formatRef).join(' -> ')}; ` +
        'remove one ferry.dev/depends-on edge (a Namespace or CRD counts as a dependency of what it contains)',
    );
    this.cycle = cycle;
  }
}

/** Pruning refused for safety (e.g. an empty desired set without allowEmpty). */
export class PruneRefusedError extends FerryError {}

/** One object's operation failed: `Deployment/shop/public-api apply failed: ...`. */
export class ObjectError extends FerryError {
  readonly ref: ObjectRef;
  readonly operation: string;

  constructor(ref: ObjectRef, operation: string, detail: string, options?: { cause?: unknown }) {
    super(`${formatRef(ref)} ${operation} failed: ${detail}`, options);
    this.ref = ref;
    this.operation = operation;
  }
}
