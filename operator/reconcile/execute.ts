/**
 * Run a plan's steps in order — exactly the steps the plan lists — recording the step reached
 * and every hook outcome in the operation log before moving on. A failure is a StageError naming
 * the stage of the step (apply, health, hooks, prune).
 */
import type { KubeObjects } from '../adapters/kube';
import type { Clock } from '../adapters/clock';
import { applyObjects, waitHealthy, type Drift, type Normalization } from '../apply';
import { runHooks, type HookContext } from '../hooks';
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
import { at } from './load';
import type { Loaded } from './load';
import type { OperationLog } from './operation';

export interface ExecuteContext {
  readonly kube: KubeObjects;
  readonly cfg: SyncConfig;
  readonly state: Loaded;
  readonly drift: ReadonlyMap<string, Drift>;
  readonly normalization: Normalization;
  readonly log: OperationLog;
  readonly emit: (e: SyncEvent) => void;
  readonly signal: AbortSignal;
  /** Checked between steps only: the current step finishes. */
  readonly stopSignal?: AbortSignal;
  readonly clock: Clock;
}

function position(step: PlanStep): string {
  return step.type === 'prune' ? 'prune' : `${step.phase}/${step.wave}`;
}

export function hookContext(ctx: ExecuteContext): HookContext {
  return {
    kube: ctx.kube,
    env: ctx.cfg.env,
    timeoutMs: ctx.cfg.timeoutMs,
    emit: ctx.emit,
    signal: ctx.signal,
    clock: ctx.clock,
    pollIntervalMs: ctx.cfg.hookIntervalMs,
    unschedulableGraceMs: ctx.cfg.unschedulableGraceMs,
    onOutcome: (o) => ctx.log.hook(o),
  };
}

/** Run every step; returns the objects pruned. */
export async function runPlan(ctx: ExecuteContext, plan: Plan): Promise<ObjectRef[]> {
  const byKey = new Map<string, DesiredObject>(ctx.state.desired.map((d) => [refKey(d.ref), d]));
  const pruned: ObjectRef[] = [];
  let phase: HookPhase | undefined;
  let reached = '';
  for (const step of plan.steps) {
    ctx.signal.throwIfAborted();
    ctx.stopSignal?.throwIfAborted();
    if (step.type !== 'prune' && step.phase !== phase) {
      phase = step.phase;
      ctx.emit({ type: 'phase-started', phase });
    }
    if (position(step) !== reached) {
      reached = position(step);
      if (step.type !== 'prune') ctx.emit({ type: 'wave-started', phase: step.phase, wave: step.wave });
      await at('inventory', () => ctx.log.reached(reached));
    }
    switch (step.type) {
      case 'apply':
        await at('apply', () =>
          applyObjects(
            {
              kube: ctx.kube,
              env: ctx.cfg.env,
              live: ctx.state.live,
              drift: ctx.drift,
              normalization: ctx.normalization,
              emit: ctx.emit,
              signal: ctx.signal,
            },
            step.objects,
          ),
        );
        break;
      case 'hook':
        await at('hooks', () => runHooks(hookContext(ctx), step.objects, step.phase));
        break;
      case 'wait': {
        const targets = step.refs.map((r) => byKey.get(refKey(r))!);
        await at('health', () =>
          waitHealthy(ctx.kube, targets, {
            timeoutMs: ctx.cfg.timeoutMs,
            intervalMs: ctx.cfg.healthIntervalMs,
            unschedulableGraceMs: ctx.cfg.unschedulableGraceMs,
            emit: ctx.emit,
            signal: ctx.signal,
            clock: ctx.clock,
          }),
        );
        break;
      }
      case 'prune':
        pruned.push(
          ...(await at('prune', () =>
            runPruneStep({ kube: ctx.kube, env: ctx.cfg.env, emit: ctx.emit, signal: ctx.signal }, step),
          )),
        );
        break;
    }
  }
  return pruned;
}
