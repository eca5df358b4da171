/**
 * One sync of one environment, top to bottom:
 *
 *   source → manifests → kinds → inventory + live → drift → plan
 *     → (nothing drifted and nothing to prune: done, zero writes)
 *     → inventory (previous ∪ desired) → steps: PreSync hooks, waves of apply + wait, prune,
 *       PostSync hooks → inventory (what is owned now)
 *     → on failure: SyncFail hooks
 *
 * Everything up to the plan only reads: a broken deploy folder, an unknown kind or an unreachable
 * remote ends the sync before any write, so nothing is half-applied and nothing is pruned.
 */
import type { KubeObjects, RequestCounts } from '../adapters/kube';
import { applyObjects, detectDrift, manifestToApply, waitHealthy, type Drift } from '../apply';
import { runHooks, runSyncFailHooks } from '../hooks';
import { createInventory, nextInventoryRefs, trackingId, writeInventory } from '../inventory';
import { buildPlan } from '../plan';
import { runPruneStep } from '../prune';
import type { SyncConfig } from '../config';
import {
  refKey,
  type DesiredObject,
  type HookPhase,
  type ObjectRef,
  type Plan,
  type PlanStep,
  type SyncEvent,
} from '../model';
import { mapLimit } from '../adapters/clock';
import { connect, fetchSnapshot, loadState, type Loaded } from './load';

export interface SyncResult {
  readonly env: string;
  readonly revision: string;
  readonly result: 'succeeded' | 'failed' | 'in-sync';
  readonly message: string;
  readonly pruned: readonly ObjectRef[];
  readonly requests: RequestCounts;
  readonly durationMs: number;
}

export interface SyncHooks {
  readonly emit?: (e: SyncEvent) => void;
}

/** Drift of every non-hook desired object: missing, changed or unchanged. */
export async function driftOf(kube: KubeObjects, env: string, state: Loaded): Promise<Map<string, Drift>> {
  const drift = new Map<string, Drift>();
  const objects = state.desired.filter((d) => d.sync.hook.kind === 'none');
  await mapLimit(objects, 16, async (d) => {
    const key = refKey(d.ref);
    const live = state.live.get(key);
    if (!live || !kube.discovery.lookup(d.manifest.apiVersion, d.manifest.kind)) {
      drift.set(key, { kind: 'missing', changes: [] });
      return;
    }
    const manifest = manifestToApply(d, trackingId(env, d.ref));
    drift.set(key, await detectDrift(kube, d, manifest, live));
  });
  return drift;
}

function stepPosition(step: PlanStep): string {
  return step.type === 'prune' ? 'prune' : `${step.phase}/${step.wave}`;
}

export async function runPlan(
  kube: KubeObjects,
  cfg: SyncConfig,
  state: Loaded,
  plan: Plan,
  drift: ReadonlyMap<string, Drift>,
  emit: (e: SyncEvent) => void,
): Promise<ObjectRef[]> {
  const byKey = new Map(state.desired.map((d) => [refKey(d.ref), d]));
  const pruned: ObjectRef[] = [];
  let phase: HookPhase | undefined;
  let position = '';
  for (const step of plan.steps) {
    if (step.type !== 'prune' && step.phase !== phase) {
      phase = step.phase;
      emit({ type: 'phase-started', phase });
    }
    if (step.type !== 'prune' && stepPosition(step) !== position) {
      emit({ type: 'wave-started', phase: step.phase, wave: step.wave });
    }
    position = stepPosition(step);
    switch (step.type) {
      case 'apply':
        await applyObjects({ kube, env: cfg.env, live: state.live, drift, emit }, step.objects);
        break;
      case 'hook':
        await runHooks({ kube, env: cfg.env, timeoutMs: cfg.timeoutMs, emit }, step.objects, step.phase);
        break;
      case 'wait': {
        const targets = step.refs
          .map((r) => byKey.get(refKey(r)))
          .filter((d): d is DesiredObject => d !== undefined && d.sync.hook.kind === 'none');
        await waitHealthy(kube, targets, { timeoutMs: cfg.timeoutMs, emit });
        break;
      }
      case 'prune':
        pruned.push(...(await runPruneStep({ kube, env: cfg.env, emit }, step)));
        break;
    }
  }
  return pruned;
}

export async function syncEnvironment(cfg: SyncConfig, hooks: SyncHooks = {}): Promise<SyncResult> {
  const started = Date.now();
  const emit = hooks.emit ?? (() => undefined);
  const snapshot = await fetchSnapshot(cfg);
  const kube = await connect(cfg.kubeconfig);
  try {
    const state = await loadState(cfg, kube, snapshot);
    emit({ type: 'sync-started', env: cfg.env, revision: snapshot.revision });
    const plan = buildPlan(state.desired, state.candidates.prune, {
      prune: cfg.prune,
      allowEmpty: state.environment.syncPolicy.allowEmpty,
    });
    const drift = await driftOf(kube, cfg.env, state);
    const deleting = plan.steps.some((s) => s.type === 'prune' && s.refs.length > 0);
    const drifted = [...drift.values()].some((d) => d.kind !== 'unchanged');
    const finish = (result: SyncResult['result'], message: string, pruned: ObjectRef[] = []): SyncResult => {
      const durationMs = Date.now() - started;
      emit({
        type: 'sync-finished',
        result: result === 'failed' ? 'failed' : 'succeeded',
        message,
        durationMs,
      });
      return {
        env: cfg.env,
        revision: snapshot.revision,
        result,
        message,
        pruned,
        requests: { ...kube.client.counts },
        durationMs,
      };
    };
    const desiredRefs = state.desired.map((d) => d.ref);
    const kept = plan.skipped.filter((s) => s.reason.startsWith('pruning is disabled')).length;
    const skipped = kept ? `; ${kept} no longer desired but kept (pass --prune to delete)` : '';
    if (!drifted && !deleting) {
      const next = createInventory(
        cfg.env,
        snapshot.revision,
        nextInventoryRefs(state.inventory?.refs ?? [], desiredRefs, {
          pruned: [],
          released: state.candidates.released,
        }),
      );
      await writeInventory(kube, state.inventory, next);
      return finish(
        'in-sync',
        `already in sync at ${snapshot.revision.slice(0, 12)}; nothing to do${skipped}`,
      );
    }
    // Record everything we may create before creating it, so an interrupted sync forgets nothing.
    const before = createInventory(cfg.env, state.inventory?.revision ?? null, [
      ...(state.inventory?.refs ?? []),
      ...desiredRefs,
    ]);
    await writeInventory(kube, state.inventory, before);
    let pruned: ObjectRef[] = [];
    try {
      pruned = await runPlan(kube, cfg, state, plan, drift, emit);
    } catch (err) {
      const message = (err as Error).message;
      const onFailure = plan.onFailure.flatMap((s) => (s.type === 'hook' ? s.objects : []));
      const problems = onFailure.length
        ? await runSyncFailHooks({ kube, env: cfg.env, timeoutMs: cfg.timeoutMs, emit }, onFailure)
        : [];
      return finish('failed', [message, ...problems].join('\n'));
    }
    const after = createInventory(
      cfg.env,
      snapshot.revision,
      nextInventoryRefs(before.refs, desiredRefs, { pruned, released: state.candidates.released }),
    );
    await writeInventory(kube, before, after);
    return finish(
      'succeeded',
      `synced ${state.desired.length} objects at ${snapshot.revision.slice(0, 12)}${pruned.length ? `, pruned ${pruned.length}` : ''}${skipped}`,
      pruned,
    );
  } finally {
    kube.client.close();
  }
}
