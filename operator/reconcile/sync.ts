/**
 * One sync of one environment, top to bottom:
 *
 *   source → manifests → cluster identity → kinds → inventory + live → infra gate planned
 *     → plan → assess the whole desired set (server-side dry runs: a rejected object stops here)
 *     → needed? (new revision, last sync failed or unfinished, drift, prune) — if not: done, zero writes
 *     → lock (the environment's Lease) → inventory + operation "Running" (previous ∪ desired)
 *     → infra `up` when its description changed (infra-gate.ts; a failure stops here, no manifest written)
 *     → steps: PreSync hooks, waves of apply + wait, prune, PostSync hooks (step reached recorded)
 *     → inventory + operation "Succeeded" (what is owned now) → unlock
 *     → on failure: SyncFail hooks, operation "Failed" with the stage and message
 *
 * Everything up to the lock only reads: a broken deploy folder, an unknown kind, a rejected
 * object or an unreachable remote ends the sync before any write, so nothing is half-applied and
 * nothing is pruned. Every outcome is a SyncResult naming the failed stage; nothing expected is
 * thrown. The kube client, the snapshot, the lock, the clock and an AbortSignal are injected, so
 * a long-running operator drives the same function the CLI runs.
 */
import type { KubeObjects } from '../adapters/kube';
import { systemClock, type Clock } from '../adapters/clock';
import { assessAll, drifted, Normalization, type Drift } from '../apply';
import { runSyncFailHooks } from '../hooks';
import { holderIdentity, nextInventoryRefs, StaleInventoryError } from '../inventory';
import { buildPlan } from '../plan';
import type { Snapshot } from '../source';
import type { SyncConfig } from '../config';
import {
  describeReason,
  redactUrls,
  refKey,
  type DesiredObject,
  type InfraStepResult,
  type ObjectRef,
  type Plan,
  type SyncEvent,
  type SyncReason,
  type SyncResult,
} from '../model';
import { hookContext, runPlan } from './execute';
import { infraFailureMessage, infraReason, planInfraGate, runInfraGate, type InfraGate } from './infra-gate';
import { at, fetchSnapshot, loadState, StageError, type Loaded } from './load';
import { LeaseLock, type SyncLock } from './lock';
import { syncNeed } from './need';
import { OperationLog } from './operation';
import { describeDrift, driftNotes, driftWarnings, objectResults, rejectedMessage } from './report';

export interface SyncDeps {
  /** A long-lived client; the sync counts its own requests on a view of it. */
  readonly kube: KubeObjects;
  /** The deploy folder to sync; fetched from `cfg.source` when absent. */
  readonly snapshot?: Snapshot;
  /** @default a LeaseLock held by this process while it writes */
  readonly lock?: SyncLock;
  /** Cancels at once (waits, requests): a lost lease, Ctrl-C. */
  readonly signal?: AbortSignal;
  /** Stops at the next step boundary, finishing the current step (graceful shutdown). */
  readonly stopSignal?: AbortSignal;
  /** @default systemClock */
  readonly clock?: Clock;
  readonly emit?: (e: SyncEvent) => void;
  /** Who is syncing, recorded in the lease and the operation. @default `cli:<host>:<pid>` */
  readonly holder?: string;
  /**
   * False: drift alone is reported (`out-of-sync`) and not repaired — `syncPolicy.selfHeal: false`.
   * New revisions, failed and unfinished syncs, and prunes still sync. @default true
   */
  readonly repairDrift?: boolean;
}

/** Drift of desired objects (read-only); for `diff` and the sync itself. */
export function assessState(
  kube: KubeObjects,
  env: string,
  state: Loaded,
  normalization: Normalization,
  objects: readonly DesiredObject[] = state.desired,
  signal?: AbortSignal,
): Promise<Map<string, Drift>> {
  return assessAll(
    { kube, env, live: state.live, normalization, namespaces: state.namespaces, signal },
    objects,
  );
}

export async function syncEnvironment(deps: SyncDeps, cfg: SyncConfig): Promise<SyncResult> {
  const clock = deps.clock ?? systemClock;
  const started = clock.now();
  const kube = deps.kube.withCounts();
  const collected: string[] = [];
  const emit = (e: SyncEvent): void => {
    if (e.type === 'warning' && !collected.includes(e.message)) collected.push(e.message);
    deps.emit?.(e);
  };
  const holder = deps.holder ?? holderIdentity('cli');
  const lock = deps.lock ?? new LeaseLock(kube, cfg.env, holder, { durationMs: cfg.leaseDurationMs, clock });
  const external = deps.signal ? [deps.signal] : [];
  let revision: string | null = null;
  let reason: SyncReason = { kind: 'in-sync' };
  let drift: ReadonlyMap<string, Drift> = new Map();
  let gate: InfraGate | undefined;
  let infra: InfraStepResult | undefined;
  const now = () => new Date(clock.now()).toISOString();

  const finish = (
    result: SyncResult['result'],
    message: string,
    extra: Partial<SyncResult> = {},
  ): SyncResult => {
    const durationMs = clock.now() - started;
    const clean = redactUrls(message);
    emit({
      type: 'sync-finished',
      result: result === 'failed' ? 'failed' : 'succeeded',
      message: clean,
      durationMs,
    });
    return {
      env: cfg.env,
      revision,
      result,
      reason,
      message: clean,
      objects: [],
      pruned: [],
      warnings: collected,
      requests: { ...kube.client.counts },
      startedAt: new Date(started).toISOString(),
      durationMs,
      ...(infra ? { infra } : {}),
      ...extra,
    };
  };
  const reject = (message: string): SyncResult => {
    for (const d of state.desired) {
      const a = drift.get(refKey(d.ref));
      if (a?.kind === 'rejected') emit({ type: 'rejected', ref: d.ref, message: a.message });
    }
    return finish('failed', message, { stage: 'dry-run', objects: objectResults(state.desired, drift) });
  };
  const failure = (err: unknown): SyncResult => {
    const stage = err instanceof StageError ? err.stage : 'apply';
    return finish('failed', (err as Error).message, { stage });
  };

  // Read-only: source, folder, cluster, live state, plan, assessment.
  let state: Loaded;
  let plan: Plan;
  let normalization: Normalization;
  try {
    const snapshot = deps.snapshot ?? (await at('source', () => fetchSnapshot(cfg)));
    revision = snapshot.revision;
    await at('cluster', () => kube.discovery.ensureFresh());
    state = await loadState(kube, cfg, snapshot, deps.signal);
    for (const message of state.warnings) emit({ type: 'warning', message });
    emit({ type: 'sync-started', env: cfg.env, revision });
    gate = await planInfraGate(state.snapshot.dir, state.environment, state.inventory, cfg, clock.now());
    if (gate && !gate.needed) {
      const reason = gate.recorded ? 'unchanged since the last successful up' : 'no infra needs';
      emit({
        type: 'infra',
        event: { type: 'infra-skipped', env: cfg.env, reason: `${reason} (stack ${gate.stack})` },
      });
    }
    const prune = cfg.prune ?? state.environment.syncPolicy.prune;
    plan = await at('plan', () =>
      buildPlan(state.desired, state.candidates.prune, {
        prune,
        allowEmpty: state.environment.syncPolicy.allowEmpty,
      }),
    );
    normalization = new Normalization(state.inventory?.normalization);
    const applied = state.desired.filter((d) => d.sync.hook.kind === 'none');
    drift = await at('dry-run', () => assessState(kube, cfg.env, state, normalization, applied, deps.signal));
    const rejected = rejectedMessage(state.desired, drift);
    if (rejected) return reject(rejected);
    for (const message of driftWarnings(state.desired, drift)) emit({ type: 'warning', message });
    const other = await at('lock', () => lock.otherHolder(deps.signal));
    if (other) {
      return finish(
        'failed',
        `another sync of environment "${cfg.env}" is running (held by ${other}); nothing was written. ` +
          'Wait for it to finish; if it was killed, its lease expires and the next sync resumes its work.',
        { stage: 'lock' },
      );
    }
    reason = syncNeed({
      inventory: state.inventory,
      revision,
      drifted: state.desired.filter((d) => d.sync.hook.kind === 'none' && drifted(drift.get(refKey(d.ref))!))
        .length,
      pruning: plan.steps.reduce((n, s) => n + (s.type === 'prune' ? s.refs.length : 0), 0),
      infra: infraReason(gate),
    });
    if (reason.kind === 'in-sync') {
      const kept = plan.skipped.filter((s) => s.reason.kind === 'prune-disabled').length;
      const note = kept
        ? `; ${kept} no longer desired but kept (syncPolicy.prune is false; pass --prune to delete)`
        : '';
      return finish('in-sync', `already in sync at ${revision.slice(0, 12)}; nothing to do${note}`, {
        objects: objectResults(state.desired, drift),
      });
    }
    if (reason.kind === 'drift' && deps.repairDrift === false) {
      const notes = driftNotes(
        state.desired.filter((d) => d.sync.hook.kind === 'none'),
        drift,
        state.live,
      );
      return finish(
        'out-of-sync',
        `${describeReason(reason)} from ${revision.slice(0, 12)}: ${describeDrift(notes)}; ` +
          'not reverted (syncPolicy.selfHeal is false)',
        { objects: objectResults(state.desired, drift), drift: notes },
      );
    }
    emit({ type: 'sync-needed', reason: describeReason(reason) });
    // Hooks only matter to a sync that runs: validated now, still before the first write.
    const hooks = state.desired.filter((d) => d.sync.hook.kind === 'hook');
    const hookDrift = await at('dry-run', () =>
      assessState(kube, cfg.env, state, normalization, hooks, deps.signal),
    );
    drift = new Map([...drift, ...hookDrift]);
    const rejectedHooks = rejectedMessage(state.desired, drift);
    if (rejectedHooks) return reject(rejectedHooks);
    await at('lock', () => lock.acquire(deps.signal));
  } catch (err) {
    return failure(err);
  }

  // Writes, holding the lock.
  const signal = AbortSignal.any([...external, lock.lost]);
  // The log stops writing only when the lock is lost; a cancelled sync still records its failure.
  const log = new OperationLog(
    kube,
    state.inventory,
    normalization,
    { revision: revision!, holder, startedAt: new Date(started).toISOString() },
    lock.lost,
  );
  const isHook = (r: ObjectRef) =>
    state.desired.some((d) => d.sync.hook.kind !== 'none' && refKey(d.ref) === refKey(r));
  const desiredRefs = state.desired.filter((d) => d.sync.hook.kind === 'none').map((d) => d.ref);
  const hookRefs = state.desired.filter((d) => d.sync.hook.kind === 'hook').map((d) => d.ref);
  const previousRefs = (state.inventory?.refs ?? []).filter((r) => !isHook(r));
  const previousHooks = state.inventory?.hooks ?? [];
  const ctx = {
    kube,
    cfg,
    state,
    drift,
    normalization,
    log,
    emit,
    signal,
    clock,
    stopSignal: deps.stopSignal,
  };
  /** The infra gate's `up`; a failed sync result when it failed (nothing applied, no hooks run). */
  const infraStep = async (g: InfraGate): Promise<SyncResult | undefined> => {
    try {
      const run = await runInfraGate(
        state.snapshot.dir,
        g,
        state.inventory?.infra,
        cfg,
        revision!,
        now,
        (event) => emit({ type: 'infra', event }),
        signal,
      );
      infra = run.step;
      await at('inventory', () => log.infra(run.record));
      if (run.step.result !== 'failed') return undefined;
      const message = infraFailureMessage(cfg.env, g, run.step);
      await log.failed('infra', redactUrls(message), now());
      return finish('failed', message, { stage: 'infra', objects: objectResults(state.desired, drift) });
    } catch (err) {
      const stage = err instanceof StageError ? err.stage : 'infra';
      return finish('failed', (err as Error).message, { stage });
    }
  };
  try {
    try {
      await log.begin(cfg.env, [...previousRefs, ...desiredRefs], [...previousHooks, ...hookRefs]);
    } catch (err) {
      // Another sync finished between this one's comparison and its lock: what it compared is stale.
      if (!(err instanceof StaleInventoryError)) throw new StageError('inventory', err);
      return finish(
        'failed',
        `another sync of environment "${cfg.env}" ran while this one was comparing (the inventory changed); ` +
          'nothing was written. Sync again to compare with what it left.',
        { stage: 'lock' },
      );
    }
    if (gate?.needed) {
      const failed = await infraStep(gate);
      if (failed) return failed;
    }
    const pruned = await runPlan(ctx, plan);
    const refs = nextInventoryRefs(previousRefs, desiredRefs, {
      pruned,
      released: state.candidates.released,
    });
    const message =
      `synced ${desiredRefs.length} objects at ${revision!.slice(0, 12)} (${describeReason(reason)})` +
      `${pruned.length ? `, pruned ${pruned.length}` : ''}`;
    await at('inventory', () =>
      log.succeeded(
        revision!,
        refs,
        [...previousHooks, ...hookRefs],
        message,
        new Date(clock.now()).toISOString(),
      ),
    );
    return finish('succeeded', message, { objects: objectResults(state.desired, drift, pruned), pruned });
  } catch (err) {
    const stage = err instanceof StageError ? err.stage : 'apply';
    let message = (err as Error).message;
    if (lock.lost.aborted) message = `${(lock.lost.reason as Error).message}; stopped at: ${message}`;
    const onFailure = plan.onFailure.flatMap((s) => (s.type === 'hook' ? s.objects : []));
    if (onFailure.length && !lock.lost.aborted) {
      const problems = await runSyncFailHooks(hookContext(ctx), onFailure);
      message = [message, ...problems].join('\n');
    }
    if (!lock.lost.aborted) {
      await log
        .failed(stage, redactUrls(message), new Date(clock.now()).toISOString())
        .catch((e: unknown) => {
          message += `\n(could not record the failure in the inventory: ${(e as Error).message})`;
        });
    }
    return finish('failed', message, { stage, objects: objectResults(state.desired, drift) });
  } finally {
    await lock.release().catch(() => undefined);
  }
}
