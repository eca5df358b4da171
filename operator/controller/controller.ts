/**
 * The controller: when do syncs happen.
 *
 * - Environments are watched (list + watch, see the informer); a new Environment, a spec change
 *   (its generation), a "sync now" annotation or a deletion puts its key on the work queue. Status
 *   updates (our own writes) do not.
 * - Each reconcile asks to run again after the Environment's interval (a failed one after a
 *   backoff); that is the periodic check of the branch and of drift.
 * - Triggers are pluggable (`Trigger`): a webhook, a cheap poll of the branch, watches on owned
 *   objects only say *which* environment to look at, by enqueueing it.
 * - One sync at a time per environment, `concurrency` environments in parallel, and only the
 *   environments whose ownership lease this replica holds (see ownership.ts).
 */
import { Informer, type KubeObjects } from '../adapters/kube';
import { abortableSleep } from '../adapters/clock';
import type { OperatorConfig } from '../config';
import {
  ENVIRONMENT_GROUP,
  ENVIRONMENT_KIND,
  ENVIRONMENT_VERSION,
  SYNC_REQUEST_ANNOTATION,
  type EnvironmentResource,
  type KubeObject,
} from '../model';
import { Clusters } from './clusters';
import { Ownership } from './ownership';
import { WorkQueue } from './queue';
import { reconcileEnvironment } from './reconciler';
import type { Reporter } from './report';

/** Something that decides an environment should be looked at now. */
export interface Trigger {
  readonly name: string;
  start(ctx: TriggerContext): void;
  stop(): Promise<void> | void;
}

export interface TriggerContext {
  /** Look at this environment (by name) as soon as possible. */
  enqueue(env: string): void;
  /** Environments as last seen. */
  environments(): readonly EnvironmentResource[];
  /** True when this replica works on `env` now. */
  owns(env: string): boolean;
}

export interface ControllerOptions {
  readonly own: KubeObjects;
  readonly cfg: OperatorConfig;
  readonly reporter: Reporter;
  readonly triggers?: readonly Trigger[];
  /** Watch lifecycle, for logs and metrics. */
  readonly onWatch?: (what: string, detail?: string) => void;
  readonly log?: (line: string) => void;
}

function needsLook(obj: KubeObject, old: KubeObject | undefined): boolean {
  if (!old) return true;
  if (obj.metadata.generation !== old.metadata.generation) return true;
  if (obj.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) return true;
  const ask = (o: KubeObject) => o.metadata.annotations?.[SYNC_REQUEST_ANNOTATION];
  return ask(obj) !== ask(old);
}

export class Controller {
  private informer: Informer | undefined;
  private readonly queue: WorkQueue;
  private readonly ownership: Ownership;
  private readonly clusters: Clusters;
  private readonly stopping = new AbortController();
  private started = false;

  constructor(private readonly opts: ControllerOptions) {
    const { cfg, own } = opts;
    this.ownership = new Ownership(own, { identity: cfg.identity, durationMs: cfg.leaseDurationMs });
    this.clusters = new Clusters(own, cfg.namespace, cfg.retry);
    this.queue = new WorkQueue((key) => this.reconcile(key), {
      concurrency: cfg.concurrency,
      backoffBaseMs: cfg.backoffBaseMs,
      backoffMaxMs: cfg.backoffMaxMs,
    });
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }

  private async reconcile(name: string): Promise<{ failed?: boolean; requeueAfterMs?: number }> {
    const informer = this.informer!;
    try {
      return await reconcileEnvironment(
        {
          own: this.opts.own,
          environments: informer,
          clusters: this.clusters,
          ownership: this.ownership,
          reporter: this.opts.reporter,
          cfg: this.opts.cfg,
          stop: this.stopping.signal,
        },
        this.opts.cfg.namespace,
        name,
      );
    } catch (err) {
      if (!this.stopping.signal.aborted)
        this.log(`environment ${name}: reconcile failed: ${(err as Error).message}`);
      return { failed: true };
    }
  }

  /** True once the Environments have been listed. */
  get ready(): boolean {
    return this.started;
  }

  /** Environments this replica works on now. */
  owned(): string[] {
    return this.ownership.heldEnvironments();
  }

  /** Look at `env` now (a trigger, `ferry sync --operator`). */
  enqueue(env: string): void {
    this.queue.add(env);
  }

  async start(): Promise<void> {
    const { own, cfg } = this.opts;
    // The CRD may arrive after the operator (installing itself): wait for it, saying so.
    let info = own.discovery.lookup(`${ENVIRONMENT_GROUP}/${ENVIRONMENT_VERSION}`, ENVIRONMENT_KIND);
    for (let said = false; !info; said = true) {
      if (!said)
        this.log(
          `waiting for the Environment CRD (${ENVIRONMENT_GROUP}/${ENVIRONMENT_VERSION}) to be installed`,
        );
      await abortableSleep(2000, this.stopping.signal);
      own.discovery.invalidate();
      await own.discovery.ensureFresh();
      info = own.discovery.lookup(`${ENVIRONMENT_GROUP}/${ENVIRONMENT_VERSION}`, ENVIRONMENT_KIND);
    }
    this.informer = new Informer(own, info, {
      namespace: cfg.namespace,
      labelSelector: cfg.selector,
      silenceMs: cfg.watchSilenceMs,
      onLifecycle: (what, detail) => this.opts.onWatch?.(what, detail),
      onEvent: (type, obj, old) => {
        this.ownership.setTotal(this.informer!.list().length);
        const name = obj.metadata.name!;
        if (type === 'deleted') {
          this.queue.forget(name);
          void this.ownership.release(name);
          return;
        }
        if (needsLook(obj, old)) this.queue.add(name);
      },
    });
    this.informer.start();
    await this.informer.hasSynced();
    this.ownership.start();
    const ctx: TriggerContext = {
      enqueue: (env) => this.queue.add(env),
      environments: () => (this.informer?.list() ?? []) as unknown as EnvironmentResource[],
      owns: (env) => this.ownership.holds(env),
    };
    for (const t of this.opts.triggers ?? []) t.start(ctx);
    this.started = true;
    this.log(`watching Environments in ${cfg.namespace} as ${cfg.identity}`);
  }

  /** Graceful: syncs finish their current step, leases are released, watches end. */
  async stop(): Promise<void> {
    this.stopping.abort(new Error('the operator is shutting down'));
    for (const t of this.opts.triggers ?? []) await t.stop();
    await this.queue.stop();
    await this.ownership.releaseAll();
    await this.informer?.stop();
    this.clusters.close();
  }
}
