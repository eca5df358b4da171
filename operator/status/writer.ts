/**
 * Writes what the controller reports: the Environment's status subresource — only when it changed,
 * so a no-op reconcile writes nothing — and Kubernetes Events on the Environment for the decisions
 * that matter to whoever runs the operator (sync started, succeeded, failed, pruned, stalled,
 * orphaned). Reports of one environment are written in order.
 */
import type { KubeObjects } from '../adapters/kube';
import { KubeApiError } from '../adapters/kube';
import { describeFight, type ReconcileReport, type Reporter } from '../controller';
import { formatRef, redactUrls, type EnvironmentResource } from '../model';
import { foldStatus } from './fold';

export type EventType = 'Normal' | 'Warning';

export interface StatusWriterOptions {
  readonly kube: KubeObjects;
  /** This replica, in Events. */
  readonly identity: string;
  readonly now?: () => Date;
  /** Everything written (for logs and metrics). */
  readonly onReport?: (env: EnvironmentResource, report: ReconcileReport) => void;
  /** The status after each report (written or unchanged), e.g. for metrics. */
  readonly onStatus?: (env: EnvironmentResource, status: EnvironmentResource['status']) => void;
  readonly log?: (line: string) => void;
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export class StatusWriter implements Reporter {
  private readonly chains = new Map<string, Promise<void>>();
  /** The status last written per environment (the informer's copy may lag behind our writes). */
  private readonly written = new Map<string, EnvironmentResource['status']>();
  private readonly lastEvent = new Map<string, string>();

  constructor(private readonly opts: StatusWriterOptions) {}

  report(env: EnvironmentResource, report: ReconcileReport): Promise<void> {
    const name = env.metadata.name;
    const run = (this.chains.get(name) ?? Promise.resolve()).then(() => this.write(env, report));
    const done = run.catch((err: unknown) =>
      this.opts.log?.(`environment ${name}: status not written: ${(err as Error).message}`),
    );
    this.chains.set(name, done);
    return done;
  }

  private async write(env: EnvironmentResource, report: ReconcileReport): Promise<void> {
    this.opts.onReport?.(env, report);
    const now = (this.opts.now ?? (() => new Date()))();
    const name = env.metadata.name;
    const latest = { ...env, status: this.written.get(name) ?? env.status };
    const next = foldStatus(latest, report, now.toISOString());
    if (next && stable(next) !== stable(latest.status ?? {})) {
      try {
        await this.opts.kube.patchStatus(env, next);
        this.written.set(name, next);
      } catch (err) {
        if (!(err instanceof KubeApiError && err.notFound)) throw err;
      }
    }
    if (next) this.opts.onStatus?.(env, next);
    for (const [type, reason, message] of eventsOf(report)) await this.event(env, type, reason, message, now);
  }

  /** A Kubernetes Event on the Environment; an identical consecutive one is not repeated. */
  async event(
    env: EnvironmentResource,
    type: EventType,
    reason: string,
    message: string,
    now = new Date(),
  ): Promise<void> {
    const name = env.metadata.name;
    const text = redactUrls(message).slice(0, 1000);
    if (this.lastEvent.get(name) === `${reason}:${text}`) return;
    this.lastEvent.set(name, `${reason}:${text}`);
    const at = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    await this.opts.kube
      .create({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { generateName: `${name}.`, namespace: env.metadata.namespace },
        involvedObject: {
          apiVersion: env.apiVersion,
          kind: env.kind,
          name,
          namespace: env.metadata.namespace,
          uid: env.metadata.uid,
        },
        type,
        reason,
        message: text,
        source: { component: 'ferry-operator' },
        reportingComponent: 'ferry.dev/operator',
        reportingInstance: this.opts.identity.slice(0, 128),
        firstTimestamp: at,
        lastTimestamp: at,
        count: 1,
      })
      .catch((err: unknown) =>
        this.opts.log?.(`environment ${name}: event ${reason} not recorded: ${(err as Error).message}`),
      );
  }
}

/** The Events a report deserves: type, reason, message. */
export function eventsOf(report: ReconcileReport): [EventType, string, string][] {
  switch (report.kind) {
    case 'started':
      return [['Normal', 'SyncStarted', 'sync started']];
    case 'stalled':
      return [['Warning', 'Stalled', `${report.reason}: ${report.message}`]];
    case 'suspended':
    case 'observed':
      return [];
    case 'expired':
      return [
        [
          'Normal',
          'Expired',
          `expired at ${report.expiredAt} (ferry.dev/expires-at): deleting the Environment and, per its deletionPolicy, what it owns`,
        ],
      ];
    case 'deleted': {
      const infra = report.infra;
      const stack: [EventType, string, string][] = !infra
        ? []
        : infra.result === 'failed'
          ? [['Warning', 'InfraDestroyFailed', infra.message]]
          : [
              [
                'Normal',
                infra.result === 'destroyed' ? 'InfraDestroyed' : 'InfraKept',
                `stack ${infra.stack}: ${infra.message}`,
              ],
            ];
      return report.policy === 'Orphan'
        ? [
            ['Normal', 'Orphaned', `deletionPolicy Orphan: ${report.kept.length} object(s) left in place`],
            ...stack,
          ]
        : [
            [
              report.kept.length ? 'Warning' : 'Normal',
              'Deleted',
              `deleted ${report.deleted.length} object(s)` +
                (report.kept.length
                  ? `; kept ${report.kept.map((k) => `${formatRef(k.ref)} (${k.reason})`).join(', ')}`
                  : ''),
            ],
            ...stack,
          ];
    }
    case 'synced': {
      const r = report.result;
      const out: [EventType, string, string][] = [];
      if (r.result === 'failed') out.push(['Warning', 'SyncFailed', `${r.stage ?? 'sync'}: ${r.message}`]);
      if (r.result === 'succeeded')
        out.push(['Normal', r.reason.kind === 'drift' ? 'DriftReverted' : 'SyncSucceeded', r.message]);
      if (r.result === 'out-of-sync') out.push(['Warning', 'DriftDetected', r.message]);
      for (const f of report.fights ?? []) out.push(['Warning', 'DriftFight', describeFight(f)]);
      if (r.pruned.length)
        out.push([
          'Normal',
          'Pruned',
          `pruned ${r.pruned.slice(0, 10).map(formatRef).join(', ')}${r.pruned.length > 10 ? ', …' : ''}`,
        ]);
      return out;
    }
  }
}
