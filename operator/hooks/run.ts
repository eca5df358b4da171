/**
 * Run the hooks of one phase: Jobs and Pods annotated `ferry.dev/hook` (or Argo's equivalent).
 *
 * For each hook, in plan order: with BeforeHookCreation (the default) a hook left over from an
 * earlier sync is deleted and waited away; the hook is created; Ferry waits until a Job is
 * Complete or Failed, a Pod Succeeded or Failed (other kinds: until healthy). A pod that can never
 * start (unschedulable, image pull errors, ...) fails the hook at once. Afterwards HookSucceeded
 * and HookFailed delete it according to the outcome. The first failed hook ends the phase.
 */
import { currentPods, type KubeObject, type KubeObjects } from '../adapters/kube';
import { pollUntil } from '../adapters/clock';
import { healthWithPods, objectHealth, podHealth } from '../health';
import { trackingId, withTrackingId } from '../inventory';
import {
  DEFAULT_HOOK_DELETE_POLICY,
  FerryError,
  formatRef,
  ObjectError,
  type DesiredObject,
  type HookDeletePolicy,
  type HookPhase,
  type SyncEvent,
} from '../model';

export class HookFailedError extends FerryError {}

export interface HookContext {
  readonly kube: KubeObjects;
  readonly env: string;
  readonly timeoutMs: number;
  readonly emit: (e: SyncEvent) => void;
}

type Outcome = { readonly result: 'succeeded' | 'failed'; readonly message: string };

function deletePolicies(hook: DesiredObject): readonly HookDeletePolicy[] {
  return hook.sync.hook.kind === 'hook' ? hook.sync.hook.deletePolicies : [DEFAULT_HOOK_DELETE_POLICY];
}

async function outcomeOf(kube: KubeObjects, live: KubeObject): Promise<Outcome | undefined> {
  if (live.kind === 'Pod') {
    const phase = (live.status as { phase?: string } | undefined)?.phase;
    const h = podHealth(live);
    if (phase === 'Succeeded') return { result: 'succeeded', message: h.message };
    if (phase === 'Failed' || h.status === 'Failed') return { result: 'failed', message: h.message };
    return undefined;
  }
  const health =
    live.kind === 'Job' ? healthWithPods(live, await currentPods(kube, live)) : objectHealth(live);
  if (health.status === 'Current') return { result: 'succeeded', message: health.message };
  if (health.status === 'Failed') return { result: 'failed', message: health.message };
  return undefined;
}

async function runHook(ctx: HookContext, hook: DesiredObject, phase: HookPhase): Promise<Outcome> {
  const policies = deletePolicies(hook);
  if (
    policies.includes('BeforeHookCreation') &&
    !(await ctx.kube.deleteAndWait(hook.manifest, 'Foreground'))
  ) {
    throw new ObjectError(hook.ref, 'delete', 'the previous hook was not deleted within 60s');
  }
  ctx.emit({ type: 'hook-started', ref: hook.ref, phase });
  const manifest = withTrackingId(hook.manifest, trackingId(ctx.env, hook.ref));
  try {
    await ctx.kube.apply(manifest);
  } catch (err) {
    throw new ObjectError(hook.ref, 'create', (err as Error).message, { cause: err });
  }
  const outcome = (await pollUntil(
    async () => {
      const live = await ctx.kube.get(manifest);
      return live ? outcomeOf(ctx.kube, live) : undefined;
    },
    { timeoutMs: ctx.timeoutMs, intervalMs: 500 },
  )) ?? { result: 'failed' as const, message: `did not finish within ${Math.round(ctx.timeoutMs / 1000)}s` };
  ctx.emit({ type: 'hook-completed', ref: hook.ref, phase, ...outcome });
  const policy = outcome.result === 'succeeded' ? 'HookSucceeded' : 'HookFailed';
  if (policies.includes(policy)) {
    await ctx.kube.delete(manifest, 'Background');
    ctx.emit({ type: 'hook-deleted', ref: hook.ref, policy });
  }
  return outcome;
}

/** Run hooks one after another; throws HookFailedError naming the first hook that failed. */
export async function runHooks(
  ctx: HookContext,
  hooks: readonly DesiredObject[],
  phase: HookPhase,
): Promise<void> {
  for (const hook of hooks) {
    const outcome = await runHook(ctx, hook, phase);
    if (outcome.result === 'failed') {
      throw new HookFailedError(`${phase} hook ${formatRef(hook.ref)} failed: ${outcome.message}`);
    }
  }
}

/** SyncFail hooks run best-effort: their own failures are reported, never thrown. */
export async function runSyncFailHooks(ctx: HookContext, hooks: readonly DesiredObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const hook of hooks) {
    try {
      const outcome = await runHook(ctx, hook, 'SyncFail');
      if (outcome.result === 'failed')
        problems.push(`SyncFail hook ${formatRef(hook.ref)} failed: ${outcome.message}`);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return problems;
}
