/**
 * The infra step — `runInfraStep` — is what `ferry infra preview|up` runs and what the sync engine
 * calls as its infra gate before any manifest is applied.
 *
 * Contract (for the sync engine):
 *   runInfraStep({ env, infraDir, mode, backend, runtime, kubeconfig?, lastHash?, refresh?, signal?,
 *                  emit?, timeoutMs? }) → Promise<InfraStepResult>
 *
 * - `infraDir` is the environment folder's `infra/` (holding `stack.json`). An invalid or missing
 *   description THROWS a ManifestError naming file and field (nothing ran): treat it like a broken
 *   deploy folder (invalid input, no writes).
 * - `mode`: `up` when the environment's sync is automated; `preview` otherwise (a preview never
 *   writes: the sync then reports OutOfSync when `changed`, and applies no manifest); `destroy`
 *   (`ferry infra destroy`) deletes the stack's resources and removes the stack.
 * - `destroyInfraStack` is `destroy` by the stack's address alone, for an environment whose folder is
 *   gone (deleted with deletionPolicy Delete).
 * - `lastHash`: the `hash` of the last *successful* `up` of this environment, as the caller recorded
 *   it (beside the inventory). When it equals `infraHash(description)` and `refresh` is not set, the
 *   step is `skipped` without starting anything (a no-op sync stays zero-write and fast). Record the
 *   returned `hash` only when `mode === 'up' && result === 'succeeded'`.
 * - The result: `succeeded` (ran to the end; `changed` says whether anything changed or would),
 *   `skipped`, or `failed` with `message` and, when the engine named one, `failedResource`. A failed
 *   step must fail the sync before any manifest is written. Operational problems (locks held, pulumi
 *   errors, a crashed or hung program, timeout, cancel) are results, never throws.
 * - One operation per environment at a time (per machine): a second caller gets `failed` naming the
 *   holder. A lock left by a killed process — Ferry's or pulumi's own in a file:// backend — is
 *   detected (owner process gone on this host) and cleared, with an `infra-lock-cleared` event.
 * - The operation runs in a child process: a hung or crashing program cannot take the caller down;
 *   `signal` or `timeoutMs` (default 30 min) cancels it gracefully, then kills its process group.
 * - `emit` receives progress (`InfraEvent`s) as it happens; outputs in the result are the stack's
 *   outputs that are not secret. No secret value is ever emitted or returned.
 */
import { join } from 'node:path';
import type { InfraBackend, PulumiRuntime } from '../config/infra';
import { OperationLockedError, acquireOperationLock, runChild, type HeldLock } from '../adapters/pulumi';
import { loadInfraDescription } from '../manifests/infra';
import type { InfraEvent, InfraMode, InfraStepResult } from '../model';
import { infraHash } from './hash';
import type { WorkerMessage, WorkerRequest, WorkerResult } from './worker';

export interface InfraStepOptions {
  readonly env: string;
  /** `<environment folder>/infra`. */
  readonly infraDir: string;
  readonly mode: InfraMode;
  readonly backend: InfraBackend;
  readonly runtime: PulumiRuntime;
  /** Kubeconfig of the environment's cluster; default: the ambient one. */
  readonly kubeconfig?: string;
  readonly lastHash?: string;
  /** Refresh the state from the providers before previewing/updating (drift check); never skipped. */
  readonly refresh?: boolean;
  readonly signal?: AbortSignal;
  readonly emit?: (e: InfraEvent) => void;
  /** @default 30 minutes */
  readonly timeoutMs?: number;
  /** Grace period between cancel and terminate. @default 20 s */
  readonly graceMs?: number;
}

const WORKER = join(__dirname, 'worker.ts');

export async function runInfraStep(o: InfraStepOptions): Promise<InfraStepResult> {
  const started = Date.now();
  const emit = o.emit ?? (() => undefined);
  const description = await loadInfraDescription(o.infraDir, o.env);
  const hash = infraHash(description);
  if (o.lastHash === hash && !o.refresh) {
    const reason = `unchanged since the last successful up (${hash.slice(0, 19)})`;
    emit({ type: 'infra-skipped', env: o.env, reason });
    return finish(
      o,
      hash,
      started,
    )({ result: 'skipped', changes: {}, changed: false, outputs: {}, message: reason });
  }
  const at = { project: description.project, stack: description.stack };
  return runOperation(o, { env: o.env, at, description, mode: o.mode, refresh: o.refresh ?? false }, hash);
}

/** What `destroyInfraStack` needs: the stack's address instead of a description. */
export type InfraDestroyOptions = Omit<InfraStepOptions, 'infraDir' | 'mode' | 'lastHash'> & {
  /** `project/stack`, as the inventory's infra record holds it. */
  readonly stack: string;
};

/**
 * Destroys every resource of the stack and removes the stack from its backend — what deleting an
 * environment with deletionPolicy Delete does after its manifests are gone. Needs no description
 * (pulumi destroys from the state). Same guarantees as `runInfraStep`: a result, never a throw for
 * operational failures; one operation per stack; a child process.
 */
export async function destroyInfraStack(o: InfraDestroyOptions): Promise<InfraStepResult> {
  const [project, stack] = o.stack.split('/');
  if (!project || !stack) throw new Error(`"${o.stack}" is not a stack address (project/stack)`);
  return runOperation(
    { ...o, mode: 'destroy' },
    { env: o.env, at: { project, stack }, mode: 'destroy', refresh: o.refresh ?? false },
    '',
  );
}

function finish(o: Pick<InfraStepOptions, 'mode' | 'emit'>, hash: string, started: number) {
  return (r: WorkerResult): InfraStepResult => {
    const result: InfraStepResult = { ...r, mode: o.mode, hash, durationMs: Date.now() - started };
    o.emit?.({
      type: 'infra-finished',
      result: result.result,
      changes: result.changes,
      durationMs: result.durationMs,
    });
    return result;
  };
}

/** Takes the stack's operation lock and runs the request in the worker process. */
async function runOperation(
  o: Omit<InfraStepOptions, 'infraDir'>,
  req: Omit<WorkerRequest, 'settings'>,
  hash: string,
): Promise<InfraStepResult> {
  const started = Date.now();
  const emit = o.emit ?? (() => undefined);
  const done = finish(o, hash, started);
  const fail = (message: string) =>
    done({ result: 'failed', changes: {}, changed: false, outputs: {}, message });

  let lock: HeldLock;
  try {
    lock = acquireOperationLock(
      o.runtime.lockDir,
      `${req.at.project}.${req.at.stack}`,
      `infra ${o.mode} of ${o.env}`,
    );
  } catch (err) {
    if (err instanceof OperationLockedError) return fail(err.message);
    throw err;
  }
  try {
    if (lock.tookOverFrom) {
      emit({
        type: 'infra-lock-cleared',
        env: o.env,
        lock: lock.tookOverFrom,
        reason: 'its process is no longer running',
      });
    }
    emit({
      type: 'infra-started',
      env: o.env,
      mode: o.mode,
      stack: `${req.at.project}/${req.at.stack}`,
    });
    let result: WorkerResult | undefined;
    const request: WorkerRequest = {
      ...req,
      settings: {
        backend: o.backend,
        runtime: o.runtime,
        ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}),
      },
    };
    const exit = await runChild<WorkerRequest, WorkerMessage>({
      entry: WORKER,
      request,
      onMessage: (m) => (m.type === 'event' ? emit(m.event) : (result = m.result)),
      ...(o.signal ? { signal: o.signal } : {}),
      timeoutMs: o.timeoutMs ?? 30 * 60_000,
      ...(o.graceMs !== undefined ? { graceMs: o.graceMs } : {}),
    });
    if (result) return done(result);
    const how = exit.stopped
      ? `${exit.stopped}`
      : `the infra process exited (${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}) without a result`;
    const tail = exit.stderrTail.split('\n').slice(-5).join('\n');
    return fail(`infra ${o.mode} of ${o.env}: ${how}${tail ? `:\n${tail}` : ''}`);
  } finally {
    lock.release();
  }
}
