/**
 * One reconcile of one Environment, top to bottom:
 *
 *   not ours (another replica holds its lease) → look again after the lease duration
 *   being deleted → apply deletionPolicy (Orphan: forget; Delete: prune everything, then destroy
 *     the infra stack) → drop finalizer
 *   finalizer missing → add it
 *   suspended → report Suspended, write nothing
 *   credentials, destination cluster → a problem here is Stalled, with the cause
 *   a heal (a watch saw owned objects change) → re-sync just those (heal.ts), or a full sync when
 *     a heal cannot tell
 *   automated (or a "sync now" request) → one sync (reconcile/); otherwise → dry-run diff only
 *     (drift is repaired only with syncPolicy.selfHeal; the branch tip a poll or webhook saw
 *     recently, already in the cache, is synced without fetching)
 *   → report (status, Events) → run again after the interval, or after a backoff when it failed
 *
 * Level-triggered: whatever woke it up, it reads the Environment and converges it.
 */
import { join } from 'node:path';
import type { Informer, KubeObjects } from '../adapters/kube';
import type { OperatorConfig } from '../config';
import type { InfraSettings } from '../config/infra';
import {
  ENVIRONMENT_FINALIZER,
  EXPIRES_ANNOTATION,
  INPUT_STAGES,
  SYNC_REQUEST_ANNOTATION,
  type EnvironmentResource,
  type ObjectRef,
  type SyncEvent,
} from '../model';
import {
  cachedSnapshot,
  diffEnvironment,
  environmentStatus,
  LeaseLock,
  StageError,
  syncEnvironment,
  failedDeletes,
  teardownEnvironment,
  type InfraDestroyer,
} from '../reconcile';
import type { Clusters } from './clusters';
import { gitCredentials } from './credentials';
import { infraSettings } from './infra-settings';
import {
  intervalMs,
  isAutomated,
  jittered,
  pendingSyncRequest,
  selfHeals,
  syncConfigFor,
} from './environment';
import type { FightGuard } from './fight';
import { healOnce } from './heal';
import type { Ownership } from './ownership';
import type { Outcome } from './queue';
import type { Reporter } from './report';
import type { SourceTips } from './tips';

export interface ReconcilerDeps {
  readonly own: KubeObjects;
  readonly environments: Informer;
  readonly clusters: Clusters;
  readonly ownership: Ownership;
  readonly reporter: Reporter;
  readonly cfg: OperatorConfig;
  /** Graceful shutdown: running syncs finish their current step. */
  readonly stop: AbortSignal;
  /** Branch tips seen by polls and webhooks. */
  readonly tips: SourceTips;
  readonly fights: FightGuard;
  readonly log?: (line: string) => void;
}

async function setFinalizers(
  own: KubeObjects,
  env: EnvironmentResource,
  finalizers: string[],
): Promise<void> {
  await own.mergePatch(env, { metadata: { finalizers, resourceVersion: env.metadata.resourceVersion } });
}

/** How a deleted environment's stack is destroyed: the backend its syncs used. */
async function infraDestroyer(deps: ReconcilerDeps, env: EnvironmentResource): Promise<InfraDestroyer> {
  let settings: InfraSettings;
  try {
    settings = await infraSettings(deps.own, env, deps.cfg);
  } catch (err) {
    return { problem: (err as Error).message };
  }
  const backend = settings.backend;
  if (!backend) return { problem: settings.problem ?? 'no Pulumi backend is configured' };
  // Loaded on demand, as the sync's infra gate does: the Automation API is heavy.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { destroyInfraStack } = require('../infra/step') as typeof import('../infra/step.js');
  return {
    destroy: (stack) =>
      destroyInfraStack({
        env: env.metadata.name,
        stack,
        backend,
        runtime: settings.runtime,
        ...(settings.kubeconfig ? { kubeconfig: settings.kubeconfig } : {}),
        ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
        signal: deps.stop,
        emit: (e) => {
          if (e.type === 'infra-started')
            deps.log?.(`environment ${env.metadata.name}: infra destroy of stack ${e.stack}`);
          if (e.type === 'infra-resource' && e.status === 'failed')
            deps.log?.(
              `environment ${env.metadata.name}: infra destroy failed at ${e.resource.type} ${e.resource.name}`,
            );
        },
      }),
  };
}

async function teardown(deps: ReconcilerDeps, env: EnvironmentResource): Promise<Outcome> {
  const policy = env.spec.deletionPolicy ?? 'Orphan';
  const name = env.metadata.name;
  const kube = await deps.clusters.get(env.spec.destination.cluster);
  deps.log?.(`environment ${name}: deleted; deletionPolicy ${policy}`);
  const result = await teardownEnvironment(kube, name, policy, {
    ...(policy === 'Delete' ? { infra: await infraDestroyer(deps, env) } : {}),
  });
  const kept = result.kept.length ? `, kept ${result.kept.length}` : '';
  const stack = result.infra ? `; stack ${result.infra.stack}: ${result.infra.result}` : '';
  deps.log?.(`environment ${name}: deleted ${result.deleted.length} object(s)${kept}${stack}`);
  await deps.reporter.report(env, {
    kind: 'deleted',
    policy,
    deleted: result.deleted,
    kept: result.kept,
    ...(result.infra ? { infra: result.infra } : {}),
  });
  const incomplete =
    policy === 'Delete' && (failedDeletes(result.kept).length > 0 || result.infra?.result === 'failed');
  if (incomplete) return { failed: true };
  await setFinalizers(
    deps.own,
    env,
    (env.metadata.finalizers ?? []).filter((f) => f !== ENVIRONMENT_FINALIZER),
  );
  await deps.ownership.release(env.metadata.name);
  return {};
}

/** `healRefs`: a heal of just these objects (a watch saw them change) instead of a full reconcile. */
export async function reconcileEnvironment(
  deps: ReconcilerDeps,
  namespace: string,
  name: string,
  healRefs?: readonly ObjectRef[],
): Promise<Outcome> {
  const obj = deps.environments.get(namespace, name) as unknown as EnvironmentResource | undefined;
  if (!obj) {
    await deps.ownership.release(name);
    return {};
  }
  let env = obj;
  if (!(await deps.ownership.tryAcquire(name))) return { requeueAfterMs: deps.cfg.leaseDurationMs };
  const lost = deps.ownership.signal(name)!;
  try {
    if (env.metadata.deletionTimestamp) {
      if (!(env.metadata.finalizers ?? []).includes(ENVIRONMENT_FINALIZER)) return {};
      return await teardown(deps, env);
    }
    if (!(env.metadata.finalizers ?? []).includes(ENVIRONMENT_FINALIZER)) {
      await setFinalizers(deps.own, env, [...(env.metadata.finalizers ?? []), ENVIRONMENT_FINALIZER]);
      env = {
        ...env,
        metadata: {
          ...env.metadata,
          finalizers: [...(env.metadata.finalizers ?? []), ENVIRONMENT_FINALIZER],
        },
      };
    }
    const expires = Date.parse(env.metadata.annotations?.[EXPIRES_ANNOTATION] ?? '');
    if (Number.isFinite(expires) && expires <= Date.now()) {
      // A preview past its TTL: deleting the Environment runs its deletionPolicy (Delete).
      await deps.reporter.report(env, { kind: 'expired', expiredAt: new Date(expires).toISOString() });
      await deps.own.delete(env, 'Background');
      return {};
    }
    const untilExpiry = Number.isFinite(expires) ? Math.max(1000, expires - Date.now()) : Infinity;
    const every = Math.min(jittered(intervalMs(env)), untilExpiry);
    if (env.spec.suspend) {
      await deps.reporter.report(env, { kind: 'suspended' });
      return { requeueAfterMs: every };
    }
    const request = pendingSyncRequest(env, SYNC_REQUEST_ANNOTATION);
    let kube: KubeObjects;
    let credentials: { token?: string; sshKeyPath?: string };
    let infra: InfraSettings;
    try {
      credentials = await gitCredentials(deps.own, env, deps.cfg.namespace, join(deps.cfg.cacheDir, 'keys'));
      infra = await infraSettings(deps.own, env, deps.cfg);
      kube = await deps.clusters.get(env.spec.destination.cluster, lost);
    } catch (err) {
      await deps.reporter.report(env, {
        kind: 'stalled',
        reason: 'DestinationUnavailable',
        message: (err as Error).message,
        request,
      });
      return { failed: true };
    }
    const cfg = { ...syncConfigFor(env, deps.cfg, credentials), infra };
    if (!isAutomated(env) && !request) {
      try {
        const diff = await diffEnvironment(kube, cfg);
        const state = await environmentStatus(kube, cfg.env);
        await deps.reporter.report(env, { kind: 'observed', diff, state });
        return { requeueAfterMs: every };
      } catch (err) {
        const stage = err instanceof StageError ? err.stage : 'source';
        await deps.reporter.report(env, {
          kind: 'stalled',
          reason: stageReason(stage),
          message: (err as Error).message,
        });
        return { failed: true };
      }
    }
    const lock = new LeaseLock(kube, cfg.env, deps.cfg.identity, { durationMs: deps.cfg.leaseDurationMs });
    if (healRefs && !request) {
      const healed = await healOnce(deps, env, { kube, cfg, lock, lost, refs: healRefs });
      if (healed) return healed;
    }
    const { repo, branch } = cfg.source;
    // A tip a poll or a webhook saw within two poll periods, already cached, is synced without a fetch.
    const tip = cfg.source.revision ? undefined : deps.tips.fresh(repo!, branch, 2 * deps.cfg.pollIntervalMs);
    const fights = deps.fights.active(name);
    const events: SyncEvent[] = [];
    const result = await syncEnvironment(
      {
        kube,
        snapshot: tip ? cachedSnapshot(cfg, tip) : undefined,
        repairDrift: selfHeals(env) && fights.length === 0,
        signal: lost,
        stopSignal: deps.stop,
        holder: deps.cfg.identity,
        lock,
        emit: (e) => {
          // Only a sync that will write says it started: a no-op reconcile leaves status alone.
          if (e.type === 'sync-needed') void deps.reporter.report(env, { kind: 'started', request });
          if (e.type === 'pruned' || e.type === 'hook-completed') events.push(e);
        },
      },
      cfg,
    );
    if (result.revision && !cfg.source.revision) deps.tips.observe(repo!, branch, result.revision, false);
    if (result.result === 'succeeded' && result.reason.kind !== 'drift') deps.fights.reset(name);
    const state = await environmentStatus(kube, cfg.env).catch(() => undefined);
    const active = deps.fights.active(name);
    await deps.reporter.report(env, {
      kind: 'synced',
      result,
      state,
      events,
      request,
      ...(active.length ? { fights: active } : {}),
    });
    if (result.result !== 'failed') return { requeueAfterMs: every };
    return { failed: true };
  } finally {
    // A reconcile that lost the lease midway leaves the environment to the new owner.
    if (lost.aborted) await deps.ownership.release(name);
  }
}

/** The condition reason for a sync that could not start. */
export function stageReason(stage: string): string {
  const reasons: Record<string, string> = {
    source: 'SourceUnavailable',
    manifests: 'InvalidManifests',
    cluster: 'WrongCluster',
    plan: 'InvalidPlan',
    'dry-run': 'Rejected',
    lock: 'Locked',
    inventory: 'InventoryUnavailable',
  };
  return reasons[stage] ?? 'SyncFailed';
}

/** True when a failed stage means the sync could not start (Stalled until the input changes). */
export function stalledStage(stage: string | undefined): boolean {
  return stage !== undefined && (INPUT_STAGES.has(stage as never) || stage === 'source');
}
