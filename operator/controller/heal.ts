/**
 * One heal of an environment: the objects a watch saw change, re-synced at the revision last
 * synced (reconcile/heal.ts), unless the fight guard leaves them alone. Reverts feed the guard; a
 * fight that starts is reported (Degraded condition, Event) with every report until it ends.
 * Resolves `undefined` when a full reconcile must run instead.
 */
import type { KubeObjects } from '../adapters/kube';
import type { SyncConfig } from '../config';
import { formatRef, type EnvironmentResource, type ObjectRef } from '../model';
import { environmentStatus, healEnvironment, type SyncLock } from '../reconcile';
import { selfHeals } from './environment';
import type { Outcome } from './queue';
import type { ReconcilerDeps } from './reconciler';

export interface HealInput {
  readonly kube: KubeObjects;
  readonly cfg: SyncConfig;
  readonly lock: SyncLock;
  /** Aborted when this replica loses the environment. */
  readonly lost: AbortSignal;
  readonly refs: readonly ObjectRef[];
}

export async function healOnce(
  deps: ReconcilerDeps,
  env: EnvironmentResource,
  input: HealInput,
): Promise<Outcome | undefined> {
  const name = env.metadata.name;
  const refs = input.refs.filter((r) => !deps.fights.paused(name, r));
  const left = input.refs.filter((r) => deps.fights.paused(name, r));
  if (left.length) {
    deps.log?.(
      `environment ${name}: self-heal leaves ${left.map(formatRef).join(', ')} alone (another writer keeps changing it)`,
    );
  }
  if (refs.length === 0) return {};
  const result = await healEnvironment(
    {
      kube: input.kube,
      lock: input.lock,
      signal: input.lost,
      stopSignal: deps.stop,
      holder: deps.cfg.identity,
    },
    input.cfg,
    { refs, repair: selfHeals(env) },
  );
  if (!result) return undefined;
  if (result.result === 'succeeded') deps.fights.reverted(name, result.drift ?? []);
  const fights = deps.fights.active(name);
  const state = await environmentStatus(input.kube, input.cfg.env).catch(() => undefined);
  await deps.reporter.report(env, {
    kind: 'synced',
    result,
    state,
    events: [],
    ...(fights.length ? { fights } : {}),
  });
  return result.result === 'failed' ? { failed: true } : {};
}
