/**
 * The infra state of an environment as the sync gate records it beside the inventory
 * (`data.infra` of `ferry-inventory-<env>`) and the Environment reports it (`status.infra`):
 * the hash of the description last brought `up` successfully — a sync whose description hashes
 * the same skips the infra step and stays zero-write — and the outcome of the last attempt.
 * Never a secret: outputs are the stack's non-secret outputs only.
 */
import type { EnvironmentInfraStatus } from './environment-resource';
import type { InfraChanges, InfraStepResult } from './infra-step';

export interface InfraRecord {
  /** `project/stack`. */
  readonly stack: string;
  /** `infraHash` of the description of the last successful `up`; absent before the first. */
  readonly hash?: string;
  /** Deploy revision whose description the last successful `up` applied. */
  readonly revision?: string;
  /** When the last successful `up` finished. */
  readonly upAt?: string;
  /** Resources in the stack after the last successful `up` (the stack itself and providers included). */
  readonly resources?: number;
  /** Non-secret stack outputs of the last successful `up`. */
  readonly outputs?: Readonly<Record<string, unknown>>;
  /** The last attempt: `succeeded` or `failed` (a failed attempt keeps the last good hash). */
  readonly result: 'succeeded' | 'failed';
  readonly message: string;
  /** `type name` of the resource that failed, when the engine named one. */
  readonly failedResource?: string;
  readonly finishedAt: string;
}

/** Resources the stack holds after an `up` that made `changes`. */
export function resourceCount(changes: InfraChanges): number {
  const kept: (keyof InfraChanges)[] = ['same', 'create', 'update', 'replace', 'import'];
  return kept.reduce((n, op) => n + (changes[op] ?? 0), 0);
}

/** The record after an `up` (`step.mode === 'up'`) that ran at `revision`. */
export function nextInfraRecord(
  previous: InfraRecord | undefined,
  stack: string,
  step: InfraStepResult,
  revision: string,
  finishedAt: string,
  failedResource?: string,
): InfraRecord {
  if (step.result === 'failed') {
    return {
      ...previous,
      stack,
      result: 'failed',
      message: step.message.split('\n')[0]!.slice(0, 500),
      ...(failedResource ? { failedResource } : {}),
      finishedAt,
    };
  }
  return {
    stack,
    hash: step.hash,
    revision,
    upAt: finishedAt,
    resources: resourceCount(step.changes),
    outputs: step.outputs,
    result: 'succeeded',
    message: step.message.split('\n')[0]!.slice(0, 500),
    finishedAt,
  };
}

/** `status.infra` of the Environment, from the record. */
export function infraStatusOf(r: InfraRecord): EnvironmentInfraStatus {
  return {
    stack: r.stack,
    ...(r.revision ? { revision: r.revision } : {}),
    ...(r.upAt ? { lastUpTime: r.upAt } : {}),
    ...(r.hash ? { hash: r.hash } : {}),
    result: r.result === 'succeeded' ? 'Succeeded' : 'Failed',
    message: r.message,
    ...(r.failedResource ? { failedResource: r.failedResource } : {}),
    ...(r.resources !== undefined ? { resources: r.resources } : {}),
    ...(r.outputs ? { outputs: r.outputs } : {}),
  };
}
