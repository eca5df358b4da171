/**
 * Run the hooks of one phase: objects annotated `ferry.dev/hook` (or Argo CD's or Helm's
 * equivalent), usually Jobs and Pods.
 *
 * For each hook, in plan order: with BeforeHookCreation (the default) the runs left over from
 * earlier syncs are deleted and waited away (a hook named by `generateName` has one object per
 * run, found by its tracking id); the hook is created; Ferry waits until a Job is Complete or
 * Failed, a Pod Succeeded or Failed (other kinds: until healthy). A pod that can never start
 * (a crash loop, unschedulable past the grace period) fails the hook at once. Afterwards
 * HookSucceeded and HookFailed delete it according to the outcome. The first failed hook ends the
 * phase. Every outcome is reported through `onOutcome`, so the operation state records it.
 */
import { KubeApiError, PodIndex, type KubeObject, type KubeObjects } from '../adapters/kube';
import { pollUntil, systemClock, type Clock } from '../adapters/clock';
import { healthWithPods, objectHealth, podHealth } from '../health';
import { trackingId, trackingIdOf, withOwnership } from '../inventory';
import {
  DEFAULT_HOOK_DELETE_POLICY,
  FerryError,
  formatRef,
  ObjectError,
  refKey,
  type DesiredObject,
  type HookDeletePolicy,
  type HookOutcome,
  type HookPhase,
  type SyncEvent,
} from '../model';

export class HookFailedError extends FerryError {}

export interface HookContext {
  readonly kube: KubeObjects;
  readonly env: string;
  readonly timeoutMs: number;
  readonly emit: (e: SyncEvent) => void;
  readonly signal?: AbortSignal;
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default 500 */
  readonly pollIntervalMs?: number;
  readonly unschedulableGraceMs?: number;
  /** Called with every finished hook (succeeded or failed). */
  readonly onOutcome?: (o: HookOutcome) => void | Promise<void>;
}

type Outcome = { readonly result: 'succeeded' | 'failed'; readonly message: string };

function deletePolicies(hook: DesiredObject): readonly HookDeletePolicy[] {
  return hook.sync.hook.kind === 'hook' ? hook.sync.hook.deletePolicies : [DEFAULT_HOOK_DELETE_POLICY];
}

async function outcomeOf(ctx: HookContext, live: KubeObject): Promise<Outcome | undefined> {
  const opts = { now: (ctx.clock ?? systemClock).now(), unschedulableGraceMs: ctx.unschedulableGraceMs };
  if (live.kind === 'Pod') {
    const phase = (live.status as { phase?: string } | undefined)?.phase;
    const h = podHealth(live, opts);
    if (phase === 'Succeeded') return { result: 'succeeded', message: h.message };
    if (phase === 'Failed' || h.status === 'Failed') return { result: 'failed', message: h.message };
    return undefined;
  }
  const health =
    live.kind === 'Job'
      ? healthWithPods(live, await new PodIndex(ctx.kube).currentPods(live), opts)
      : objectHealth(live);
  if (health.status === 'Current') return { result: 'succeeded', message: health.message };
  if (health.status === 'Failed') return { result: 'failed', message: health.message };
  return undefined;
}

/** Earlier runs of a hook: by name, or (generateName) every object carrying its tracking id. */
async function previousRuns(
  ctx: HookContext,
  hook: DesiredObject,
  manifest: KubeObject,
): Promise<KubeObject[]> {
  if (!hook.generateName) {
    const live = await ctx.kube.get(manifest, ctx.signal);
    return live ? [live] : [];
  }
  const info = ctx.kube.info(manifest);
  const id = trackingId(ctx.env, hook.ref);
  const items = await ctx.kube.list(info, manifest.metadata.namespace, undefined, ctx.signal);
  return items.filter((o) => trackingIdOf(o) === id);
}

async function create(ctx: HookContext, hook: DesiredObject, manifest: KubeObject): Promise<KubeObject> {
  try {
    if (hook.generateName) {
      const { name: _n, ...meta } = manifest.metadata;
      return await ctx.kube.create(
        { ...manifest, metadata: { ...meta, generateName: hook.ref.name } },
        { signal: ctx.signal },
      );
    }
    return await ctx.kube.apply(manifest, { signal: ctx.signal });
  } catch (err) {
    const detail = err instanceof KubeApiError ? err.serverMessage : (err as Error).message;
    throw new ObjectError(hook.ref, 'create', detail, { cause: err });
  }
}

async function runHook(ctx: HookContext, hook: DesiredObject, phase: HookPhase): Promise<Outcome> {
  const policies = deletePolicies(hook);
  const manifest = withOwnership(hook.manifest, ctx.env, hook.ref);
  if (policies.includes('BeforeHookCreation')) {
    for (const old of await previousRuns(ctx, hook, manifest)) {
      if (!(await ctx.kube.deleteAndWait(old, 'Foreground', 60_000, ctx.signal))) {
        throw new ObjectError(
          hook.ref,
          'delete',
          `the previous run ${old.metadata.name} was not deleted within 60s`,
        );
      }
    }
  }
  ctx.emit({ type: 'hook-started', ref: hook.ref, phase });
  const created = await create(ctx, hook, manifest);
  const outcome = (await pollUntil(
    async () => {
      const live = await ctx.kube.get(created, ctx.signal);
      return live ? outcomeOf(ctx, live) : undefined;
    },
    { timeoutMs: ctx.timeoutMs, intervalMs: ctx.pollIntervalMs ?? 500, signal: ctx.signal, clock: ctx.clock },
  )) ?? { result: 'failed' as const, message: `did not finish within ${Math.round(ctx.timeoutMs / 1000)}s` };
  ctx.emit({ type: 'hook-completed', ref: hook.ref, phase, ...outcome });
  await ctx.onOutcome?.({ ref: refKey(hook.ref), phase, ...outcome });
  const policy = outcome.result === 'succeeded' ? 'HookSucceeded' : 'HookFailed';
  if (policies.includes(policy)) {
    await ctx.kube.delete(created, 'Background', ctx.signal);
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
    ctx.signal?.throwIfAborted();
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
