/**
 * Which reports deserve a notification, and what it says. Pure apart from a small memory per
 * environment, so each event is sent once:
 *
 * - `deployed`: a sync wrote a revision not deployed before (first sync, new revision, a retry or
 *   the completion of an interrupted one) — once per revision; drift repairs are not deployments;
 * - `failed`: a sync failed or could not start — once per distinct cause until a sync succeeds;
 * - `degraded`: the environment's health turned `Failed`, or self-heal backed off from a fight —
 *   once per episode, until it is healthy again.
 */
import type { ReconcileReport } from '../controller';
import { describeFight } from '../controller';
import { worstOf } from '../health';
import type { EnvironmentResource } from '../model';

export type NotificationEvent = 'deployed' | 'failed' | 'degraded';

export interface Notification {
  readonly event: NotificationEvent;
  readonly environment: string;
  /** The deploy-branch commit concerned, when known. */
  readonly revision?: string;
  readonly message: string;
  readonly health?: string;
  /** The stage that failed (`failed`). */
  readonly stage?: string;
  /** The Environment's repository (for commit statuses). */
  readonly repo: string;
  readonly time: string;
}

interface Memory {
  deployed?: string;
  failed?: string;
  degraded?: boolean;
}

const DEPLOYING = new Set(['first-sync', 'new-revision', 'previous-failed', 'previous-interrupted']);

export class NotificationMemory {
  private readonly byEnv = new Map<string, Memory>();

  /** The notifications `report` deserves (usually none). */
  notificationsFor(env: EnvironmentResource, report: ReconcileReport, now = new Date()): Notification[] {
    const environment = env.metadata.name;
    const mem = this.byEnv.get(environment) ?? {};
    this.byEnv.set(environment, mem);
    const base = { environment, repo: env.spec.source.repo, time: now.toISOString() };
    const out: Notification[] = [];
    if (report.kind === 'deleted') {
      this.byEnv.delete(environment);
      return [];
    }
    if (report.kind === 'stalled') {
      const key = `${report.reason}|${report.message}`;
      if (mem.failed !== key)
        out.push({ ...base, event: 'failed', stage: report.reason, message: report.message });
      mem.failed = key;
      return out;
    }
    if (report.kind !== 'synced') return out;
    const r = report.result;
    const health = report.state ? worstOf(report.state.objects.map((o) => o.health)) : undefined;
    const revision = r.revision ?? undefined;
    if (r.result === 'failed') {
      const key = `${r.revision}|${r.stage}|${r.message}`;
      if (mem.failed !== key) {
        out.push({
          ...base,
          event: 'failed',
          ...(revision ? { revision } : {}),
          stage: r.stage ?? 'sync',
          message: r.message,
          ...(health ? { health: health.status } : {}),
        });
      }
      mem.failed = key;
    } else {
      mem.failed = undefined;
    }
    const deployedBefore = mem.deployed ?? env.status?.revision;
    if (r.result === 'succeeded' && DEPLOYING.has(r.reason.kind) && revision && deployedBefore !== revision) {
      out.push({
        ...base,
        event: 'deployed',
        revision,
        message: r.message,
        ...(health ? { health: health.status } : {}),
      });
    }
    if (r.result === 'succeeded' && revision) mem.deployed = revision;
    const fights = report.fights ?? [];
    const degraded = health?.status === 'Failed' || fights.length > 0;
    if (degraded && !mem.degraded) {
      out.push({
        ...base,
        event: 'degraded',
        ...(revision ? { revision } : {}),
        message: fights.length ? fights.map(describeFight).join('\n') : health!.message,
        ...(health ? { health: health.status } : {}),
      });
    }
    if (health || fights.length) mem.degraded = degraded;
    return out;
  }
}
