/**
 * Fold a reconcile report into the Environment's status. Pure: (current status, report, now) →
 * next status. Speaks kstatus: `Ready`, `Reconciling`, `Stalled` conditions with a reason and a
 * message a person can act on; `observedGeneration` says which spec the status is about. A
 * condition keeps its lastTransitionTime while its status does not change, so a no-op reconcile
 * produces an identical status (and no write).
 */
import type { Fight, ReconcileReport } from '../controller';
import { describeFight, stageReason, stalledStage } from '../controller';
import { worstOf } from '../health';
import {
  infraStatusOf,
  writeCount,
  type EnvironmentCondition,
  type EnvironmentResource,
  type EnvironmentResourceStatus,
  type HistoryEntry,
  type ResourceRef,
  type ResourceSummary,
} from '../model';
import { failedDeletes, type EnvironmentStatus } from '../reconcile';

export const HISTORY_LIMIT = 10;
export const RESOURCE_LIST_LIMIT = 20;

type Cond = Pick<EnvironmentCondition, 'type' | 'status' | 'reason' | 'message'>;

/** `conditions` with `next` set, keeping lastTransitionTime when the status is unchanged. */
export function setConditions(
  current: readonly EnvironmentCondition[] | undefined,
  next: readonly Cond[],
  now: string,
  generation: number | undefined,
): EnvironmentCondition[] {
  return next.map((c) => {
    const prev = current?.find((p) => p.type === c.type);
    const message = c.message.length > 1000 ? `${c.message.slice(0, 997)}...` : c.message;
    return {
      ...c,
      message,
      lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime : now,
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
    };
  });
}

const firstLine = (s: string): string => s.split('\n')[0]!.slice(0, 200);

function summary(
  state: EnvironmentStatus | undefined,
  outOfSync: readonly ResourceRef[] = [],
): ResourceSummary | undefined {
  if (!state) return undefined;
  const byHealth: Record<string, number> = {};
  for (const o of state.objects) byHealth[o.health.status] = (byHealth[o.health.status] ?? 0) + 1;
  const unhealthy = state.objects
    .filter((o) => o.health.status !== 'Current' && o.health.status !== 'Suspended')
    .slice(0, RESOURCE_LIST_LIMIT)
    .map((o) => ({
      kind: o.ref.kind,
      ...(o.ref.namespace ? { namespace: o.ref.namespace } : {}),
      name: o.ref.name,
      status: o.health.status,
      message: firstLine(o.health.message),
    }));
  const total = state.objects.length;
  const drifted = new Set(outOfSync.map((r) => `${r.kind}/${r.namespace ?? ''}/${r.name}`));
  const synced = state.objects.filter(
    (o) => !drifted.has(`${o.ref.kind}/${o.ref.namespace ?? ''}/${o.ref.name}`),
  ).length;
  return {
    total,
    bySync: {
      Synced: synced,
      ...(outOfSync.length ? { OutOfSync: outOfSync.length } : {}),
    },
    byHealth,
    unhealthy,
    outOfSync: outOfSync.slice(0, RESOURCE_LIST_LIMIT),
  };
}

function withHistory(history: readonly HistoryEntry[] | undefined, entry: HistoryEntry): HistoryEntry[] {
  const list = history ?? [];
  const last = list[0];
  // A failure repeated by retries is one entry, not ten.
  if (
    last &&
    last.result === 'failed' &&
    entry.result === 'failed' &&
    last.revision === entry.revision &&
    last.message === entry.message
  ) {
    return [...list];
  }
  return [entry, ...list].slice(0, HISTORY_LIMIT);
}

function pinned(env: EnvironmentResource): Pick<EnvironmentResourceStatus, 'pinned'> {
  return env.spec.revision
    ? {
        pinned: {
          revision: env.spec.revision,
          ...(env.spec.pinReason ? { reason: env.spec.pinReason } : {}),
        },
      }
    : {};
}

/** The next status for `report`; `undefined` when the report changes nothing (e.g. deletion). */
export function foldStatus(
  env: EnvironmentResource,
  report: ReconcileReport,
  now: string,
): EnvironmentResourceStatus | undefined {
  const folded = foldReport(env, report, now);
  const state = 'state' in report ? report.state : undefined;
  const withInfra = folded && state?.infra ? { ...folded, infra: infraStatusOf(state.infra) } : folded;
  const next =
    withInfra && report.kind === 'synced' && report.fights?.length
      ? withFights(withInfra, report.fights, now, env.metadata.generation)
      : withInfra;
  const pin = env.spec.revision;
  if (!next || !pin || next.message?.startsWith('pinned')) return next;
  // A pin is never silent: it leads the one-line message `kubectl get environments` prints.
  const why = env.spec.pinReason ? ` (${env.spec.pinReason})` : '';
  return { ...next, message: `pinned to ${pin.slice(0, 12)}${why}; ${next.message ?? ''}`.trim() };
}

function foldReport(
  env: EnvironmentResource,
  report: ReconcileReport,
  now: string,
): EnvironmentResourceStatus | undefined {
  const cur = env.status ?? {};
  const gen = env.metadata.generation;
  const base: EnvironmentResourceStatus = {
    ...cur,
    observedGeneration: gen,
    ...pinned(env),
    ...('request' in report && report.request ? { lastHandledRequest: report.request } : {}),
  };
  if (!env.spec.revision) delete (base as { pinned?: unknown }).pinned;
  const conds = (c: Cond[]) => setConditions(cur.conditions, c, now, gen);
  switch (report.kind) {
    case 'deleted': {
      // A deletion that cannot finish holds the finalizer: say why where people look.
      const undeleted = failedDeletes(report.kept).length;
      const blocked =
        report.infra?.result === 'failed'
          ? report.infra.message
          : undeleted
            ? `deleting: ${undeleted} object(s) could not be deleted yet (see the events); the operator tries again`
            : undefined;
      if (!blocked) return undefined;
      return {
        ...base,
        message: firstLine(blocked),
        conditions: conds([
          { type: 'Ready', status: 'False', reason: 'DeletionBlocked', message: blocked },
          { type: 'Reconciling', status: 'True', reason: 'DeletionBlocked', message: blocked },
          { type: 'Stalled', status: 'False', reason: 'DeletionBlocked', message: blocked },
        ]),
      };
    }
    case 'expired':
      return undefined;
    case 'suspended':
      return {
        ...base,
        message: 'suspended: nothing is synced until spec.suspend is false',
        conditions: conds([
          { type: 'Ready', status: 'False', reason: 'Suspended', message: 'spec.suspend is true' },
          { type: 'Reconciling', status: 'False', reason: 'Suspended', message: 'spec.suspend is true' },
          { type: 'Stalled', status: 'False', reason: 'Suspended', message: 'spec.suspend is true' },
        ]),
      };
    case 'started':
      return {
        ...base,
        conditions: conds([
          ...(cur.conditions ?? []).filter((c) => c.type === 'Ready'),
          { type: 'Reconciling', status: 'True', reason: 'Progressing', message: 'a sync is running' },
          { type: 'Stalled', status: 'False', reason: 'Progressing', message: 'a sync is running' },
        ]),
      };
    case 'stalled':
      return {
        ...base,
        sync: 'Unknown',
        message: firstLine(report.message),
        conditions: conds([
          { type: 'Ready', status: 'False', reason: report.reason, message: report.message },
          { type: 'Reconciling', status: 'False', reason: report.reason, message: report.message },
          { type: 'Stalled', status: 'True', reason: report.reason, message: report.message },
        ]),
      };
    case 'observed': {
      const outOfSync = report.diff.entries.map((e) => ({
        kind: e.ref.kind,
        ...(e.ref.namespace ? { namespace: e.ref.namespace } : {}),
        name: e.ref.name,
        status: e.action,
      }));
      const health = worstOf(report.state.objects.map((o) => o.health));
      const infra = report.diff.infra?.changed ? report.diff.infra.stack : undefined;
      const drift = outOfSync.length + (infra ? 1 : 0);
      const objects = outOfSync.length
        ? `${outOfSync.length} object${outOfSync.length === 1 ? '' : 's'}${infra ? ' and the infra' : ''}`
        : 'the infra';
      const msg = drift
        ? `${objects} out of sync with ${report.diff.revision.slice(0, 12)} (automated sync is off${infra ? `; infra stack ${infra} changed` : ''})`
        : `in sync with ${report.diff.revision.slice(0, 12)} (automated sync is off)`;
      return {
        ...base,
        sync: drift ? 'OutOfSync' : 'Synced',
        health: health.status,
        lastAttemptedRevision: report.diff.revision,
        message: msg,
        resources: summary(report.state, outOfSync),
        conditions: conds([
          drift
            ? { type: 'Ready', status: 'False', reason: 'OutOfSync', message: msg }
            : {
                type: 'Ready',
                status: health.status === 'Current' ? 'True' : 'False',
                reason: health.status === 'Current' ? 'Synced' : health.status,
                message: health.message,
              },
          { type: 'Reconciling', status: 'False', reason: 'ManualSync', message: 'automated sync is off' },
          { type: 'Stalled', status: 'False', reason: 'ManualSync', message: 'automated sync is off' },
        ]),
      };
    }
    case 'synced': {
      const r = report.result;
      const health = report.state ? worstOf(report.state.objects.map((o) => o.health)) : undefined;
      if (r.result === 'failed') {
        const stalled = stalledStage(r.stage);
        const reason = stalled ? stageReason(r.stage!) : 'SyncFailed';
        const entry: HistoryEntry = {
          revision: r.revision ?? 'unknown',
          started: r.startedAt,
          finished: now,
          result: 'failed',
          message: firstLine(r.message),
          writes: writeCount(r.requests),
          pruned: r.pruned.length,
          reason: r.stage,
        };
        return {
          ...base,
          sync: r.stage === 'source' ? 'Unknown' : 'OutOfSync',
          ...(health ? { health: health.status } : {}),
          ...(r.revision ? { lastAttemptedRevision: r.revision } : {}),
          message: `${r.stage ?? 'sync'} failed: ${firstLine(r.message)}`,
          history: withHistory(cur.history, entry),
          ...(report.state ? { resources: summary(report.state) } : {}),
          conditions: conds([
            { type: 'Ready', status: 'False', reason, message: r.message },
            { type: 'Reconciling', status: 'False', reason, message: r.message },
            { type: 'Stalled', status: stalled ? 'True' : 'False', reason, message: r.message },
          ]),
        };
      }
      const revision = r.revision!;
      const h = health ?? { status: 'Unknown' as const, message: 'health could not be read' };
      if (r.result === 'out-of-sync') {
        const outOfSync = (r.drift ?? []).map((d) => ({
          kind: d.ref.kind,
          ...(d.ref.namespace ? { namespace: d.ref.namespace } : {}),
          name: d.ref.name,
          status: d.deleted ? 'Missing' : 'Drifted',
          ...(d.manager ? { message: `changed by ${d.manager}` } : {}),
        }));
        const message = firstLine(r.message);
        return {
          ...base,
          sync: 'OutOfSync',
          health: h.status,
          lastAttemptedRevision: revision,
          message,
          resources: summary(report.state, outOfSync),
          conditions: conds([
            { type: 'Ready', status: 'False', reason: 'Drifted', message: r.message },
            {
              type: 'Reconciling',
              status: 'False',
              reason: 'SelfHealOff',
              message: 'syncPolicy.selfHeal is false',
            },
            {
              type: 'Stalled',
              status: 'False',
              reason: 'SelfHealOff',
              message: 'syncPolicy.selfHeal is false',
            },
          ]),
        };
      }
      const ready = h.status === 'Current' || h.status === 'Suspended';
      const message =
        r.result === 'succeeded'
          ? firstLine(r.message)
          : cur.message && cur.sync === 'Synced' && cur.revision === revision
            ? cur.message
            : `in sync at ${revision.slice(0, 12)}`;
      const entry: HistoryEntry = {
        revision,
        started: r.startedAt,
        finished: now,
        result: 'succeeded',
        message: firstLine(r.message),
        writes: writeCount(r.requests),
        pruned: r.pruned.length,
        reason: env.spec.revision
          ? `pinned to ${env.spec.revision.slice(0, 12)}${env.spec.pinReason ? `: ${env.spec.pinReason}` : ''}`
          : r.reason.kind,
      };
      return {
        ...base,
        sync: 'Synced',
        health: h.status,
        revision,
        lastAttemptedRevision: revision,
        message,
        ...(r.result === 'succeeded' ? { history: withHistory(cur.history, entry) } : {}),
        resources: summary(report.state),
        conditions: conds([
          {
            type: 'Ready',
            status: ready ? 'True' : 'False',
            reason: ready ? 'Synced' : h.status === 'Failed' ? 'Degraded' : h.status,
            message: ready ? `synced at ${revision.slice(0, 12)}; ${h.message}` : h.message,
          },
          {
            type: 'Reconciling',
            status: 'False',
            reason: 'Synced',
            message: `synced at ${revision.slice(0, 12)}`,
          },
          {
            type: 'Stalled',
            status: 'False',
            reason: 'Synced',
            message: `synced at ${revision.slice(0, 12)}`,
          },
        ]),
      };
    }
  }
}

/**
 * While self-heal leaves an object alone because another writer keeps changing it: `Degraded`
 * True naming the other field manager, and Ready False. Without fights there is no `Degraded`
 * condition at all.
 */
function withFights(
  status: EnvironmentResourceStatus,
  fights: readonly Fight[],
  now: string,
  gen: number | undefined,
): EnvironmentResourceStatus {
  if (fights.length === 0) return status;
  const message = fights.map(describeFight).join('\n');
  const others = (status.conditions ?? []).filter((c) => c.type !== 'Ready' && c.type !== 'Degraded');
  const next = setConditions(
    status.conditions,
    [
      { type: 'Ready', status: 'False', reason: 'DriftFight', message },
      ...others.map(({ type, status: st, reason, message: m }) => ({ type, status: st, reason, message: m })),
      { type: 'Degraded', status: 'True', reason: 'DriftFight', message },
    ],
    now,
    gen,
  );
  return { ...status, message: firstLine(message), conditions: next };
}
