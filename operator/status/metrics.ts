/**
 * Prometheus metrics (prom-client), named like the ecosystem's (Argo CD's `argocd_app_info`, Flux's
 * `gotk_reconcile_duration_seconds`). Fed by the controller's reports and statuses, the kube
 * client's request hook, the git adapter's observer, the webhook and the watches; served at
 * `/metrics` with the process metrics (CPU, resident memory, event-loop lag).
 *
 * | metric | labels |
 * |---|---|
 * | ferry_environment_info (gauge, 1) | environment, sync_status, health_status, revision |
 * | ferry_sync_total | environment, result (succeeded, failed, in-sync, out-of-sync) |
 * | ferry_sync_duration_seconds (histogram) | environment |
 * | ferry_drift_repairs_total | environment, kind |
 * | ferry_git_requests_total | operation (ls-remote, fetch), result (success, error) |
 * | ferry_kube_requests_total | verb (get, list, watch, create, patch, update, delete, dryrun), resource |
 * | ferry_webhook_requests_total | result |
 * | ferry_watch_restarts_total | reason (timeout, silence, gone, error) |
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ReconcileReport } from '../controller';
import type { EnvironmentResource } from '../model';

type InfoLabels = { environment: string; sync_status: string; health_status: string; revision: string };

const REPAIRED = new Set(['created', 'configured', 'recreated']);

/** `verb` and `resource` of a request to the API server, from its method and path. */
export function kubeRequestLabels(
  method: string,
  path: string,
  dryRun = false,
): { verb: string; resource: string } {
  const parts = path.split('/').filter(Boolean);
  const rest = parts[0] === 'api' ? parts.slice(2) : parts[0] === 'apis' ? parts.slice(3) : [];
  const scoped = rest[0] === 'namespaces' && rest.length >= 3 ? rest.slice(2) : rest;
  const [resource, name, sub] = scoped;
  const verb =
    method === 'GET'
      ? name
        ? 'get'
        : 'list'
      : dryRun
        ? 'dryrun'
        : ({ WATCH: 'watch', POST: 'create', PATCH: 'patch', PUT: 'update', DELETE: 'delete' }[method] ??
          method.toLowerCase());
  return { verb, resource: resource ? (sub ? `${resource}/${sub}` : resource) : 'discovery' };
}

export class OperatorMetrics {
  readonly registry = new Registry();
  private readonly info: Gauge<keyof InfoLabels>;
  private readonly syncs: Counter<'environment' | 'result'>;
  private readonly durations: Histogram<'environment'>;
  private readonly repairs: Counter<'environment' | 'kind'>;
  private readonly git: Counter<'operation' | 'result'>;
  private readonly kube: Counter<'verb' | 'resource'>;
  private readonly webhooks: Counter<'result'>;
  private readonly restarts: Counter<'reason'>;
  private readonly infoLabels = new Map<string, InfoLabels>();

  constructor(opts: { readonly processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.info = new Gauge({
      name: 'ferry_environment_info',
      help: 'One series per Environment: its sync and health status and the revision synced',
      labelNames: ['environment', 'sync_status', 'health_status', 'revision'],
      registers,
    });
    this.syncs = new Counter({
      name: 'ferry_sync_total',
      help: 'Reconciles by result: succeeded (wrote), in-sync (nothing to do), out-of-sync (drift left alone), failed',
      labelNames: ['environment', 'result'],
      registers,
    });
    this.durations = new Histogram({
      name: 'ferry_sync_duration_seconds',
      help: 'Duration of one reconcile of an environment (a sync, a heal, a no-op check)',
      labelNames: ['environment'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.repairs = new Counter({
      name: 'ferry_drift_repairs_total',
      help: 'Objects written back because they drifted (self-heal, or a sync run for drift)',
      labelNames: ['environment', 'kind'],
      registers,
    });
    this.git = new Counter({
      name: 'ferry_git_requests_total',
      help: 'Requests to deploy repositories: ls-remote (the cheap poll) and fetch',
      labelNames: ['operation', 'result'],
      registers,
    });
    this.kube = new Counter({
      name: 'ferry_kube_requests_total',
      help: 'Requests to Kubernetes API servers, by verb and resource',
      labelNames: ['verb', 'resource'],
      registers,
    });
    this.webhooks = new Counter({
      name: 'ferry_webhook_requests_total',
      help: 'POST /webhook requests by result (accepted, ignored, unauthorized, malformed, too-large, busy, ...)',
      labelNames: ['result'],
      registers,
    });
    this.restarts = new Counter({
      name: 'ferry_watch_restarts_total',
      help: 'Watches restarted: the server ended them (timeout), silence, 410 Gone (relist), errors',
      labelNames: ['reason'],
      registers,
    });
    // Series that exist from the start, so an alert on their rate sees a zero, not nothing.
    for (const reason of ['timeout', 'silence', 'gone', 'error']) this.restarts.inc({ reason }, 0);
  }

  /** A report of the controller (see controller/report.ts). */
  report(env: EnvironmentResource, report: ReconcileReport): void {
    const environment = env.metadata.name;
    if (report.kind === 'deleted') {
      const old = this.infoLabels.get(environment);
      if (old) this.info.remove(old);
      this.infoLabels.delete(environment);
      return;
    }
    if (report.kind === 'stalled') this.syncs.inc({ environment, result: 'failed' });
    if (report.kind !== 'synced') return;
    const r = report.result;
    this.syncs.inc({ environment, result: r.result });
    this.durations.observe({ environment }, r.durationMs / 1000);
    if (r.result !== 'succeeded' || r.reason.kind !== 'drift') return;
    for (const o of r.objects)
      if (REPAIRED.has(o.action)) this.repairs.inc({ environment, kind: o.ref.kind });
  }

  /** The Environment's status after a report. */
  status(env: EnvironmentResource, status: EnvironmentResource['status']): void {
    const environment = env.metadata.name;
    const labels: InfoLabels = {
      environment,
      sync_status: status?.sync ?? 'Unknown',
      health_status: status?.health ?? 'Unknown',
      revision: status?.revision ?? '',
    };
    const old = this.infoLabels.get(environment);
    if (old && JSON.stringify(old) !== JSON.stringify(labels)) this.info.remove(old);
    this.info.set(labels, 1);
    this.infoLabels.set(environment, labels);
  }

  kubeRequest(method: string, _status: number, request?: { path: string; dryRun: boolean }): void {
    this.kube.inc(kubeRequestLabels(method, request?.path ?? '', request?.dryRun));
  }

  gitRequest(operation: string, ok: boolean): void {
    this.git.inc({ operation, result: ok ? 'success' : 'error' });
  }

  webhook(result: string): void {
    this.webhooks.inc({ result });
  }

  /** Informer lifecycle (`relist`, `restart`, `silence`, `error`). */
  watch(what: string): void {
    const reason = { restart: 'timeout', silence: 'silence', relist: 'gone', error: 'error' }[what];
    if (reason) this.restarts.inc({ reason });
  }
}
