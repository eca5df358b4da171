/**
 * The controller: when do syncs happen.
 *
 * - Environments are watched (list + watch, see the informer); a new Environment, a spec change
 *   (its generation), a "sync now" annotation or a deletion puts its key on the work queue. Status
 *   updates (our own writes) do not.
 * - Each reconcile asks to run again after the Environment's interval (a failed one after a
 *   backoff); that is the periodic check of the branch and of drift.
 * - Triggers are pluggable (`Trigger`) and only say *which* environment to look at: the cheap poll
 *   of each branch (poll.ts) and a webhook's push (`push`) enqueue a full reconcile; watches on
 *   owned objects (drift-watch.ts) enqueue a `heal` of just the objects someone else changed.
 * - One sync at a time per environment, `concurrency` environments in parallel, and only the
 *   environments whose ownership lease this replica holds (see ownership.ts).
 */
import { join } from 'node:path';
import { GitCache } from '../adapters/git';
import { Informer, type ClientOptions, type KubeObjects } from '../adapters/kube';
import { abortableSleep } from '../adapters/clock';
import type { OperatorConfig } from '../config';
import {
  ENVIRONMENT_GROUP,
  ENVIRONMENT_KIND,
  ENVIRONMENT_VERSION,
  formatRef,
  SYNC_REQUEST_ANNOTATION,
  type EnvironmentResource,
  type KubeObject,
  type ObjectRef,
} from '../model';
import { Clusters } from './clusters';
import { gitCredentials } from './credentials';
import { DriftWatch } from './drift-watch';
import { FightGuard } from './fight';
import { PollTrigger } from './poll';
import { PUSHED_REVISION_ANNOTATION, routePush, type Push, type PushRouting } from './push';
import type { Mode } from './queue';
import { SourceTips } from './tips';
import { Ownership } from './ownership';
import { WorkQueue } from './queue';
import { reconcileEnvironment } from './reconciler';
import type { ReconcileReport, Reporter } from './report';

/** Something that decides an environment should be looked at now. */
export interface Trigger {
  readonly name: string;
  start(ctx: TriggerContext): void;
  stop(): Promise<void> | void;
  /** Every report of the controller (e.g. to learn what an environment owns). Must not block. */
  observe?(env: EnvironmentResource, report: ReconcileReport): void;
}

export interface TriggerContext {
  /** Look at this environment (by name) as soon as possible. */
  enqueue(env: string): void;
  /** Re-sync just these objects of this environment (they changed under it). */
  heal(env: string, refs: readonly ObjectRef[]): void;
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
  /** Options of the clients built for remote clusters (metrics). */
  readonly clientOptions?: ClientOptions;
  readonly log?: (line: string) => void;
}

function needsLook(obj: KubeObject, old: KubeObject | undefined): boolean {
  if (!old) return true;
  if (obj.metadata.generation !== old.metadata.generation) return true;
  if (obj.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) return true;
  const ask = (o: KubeObject) => o.metadata.annotations?.[SYNC_REQUEST_ANNOTATION];
  return ask(obj) !== ask(old) || pushedRevision(obj) !== pushedRevision(old);
}

const pushedRevision = (o: KubeObject) => o.metadata.annotations?.[PUSHED_REVISION_ANNOTATION];

export class Controller {
  private informer: Informer | undefined;
  private readonly queue: WorkQueue;
  private readonly ownership: Ownership;
  private readonly clusters: Clusters;
  private readonly stopping = new AbortController();
  private started = false;
  private readonly triggers: Trigger[];
  private readonly reporter: Reporter;
  /** Objects each environment's next heal looks at. */
  private readonly healRefs = new Map<string, ObjectRef[]>();
  readonly tips = new SourceTips();
  readonly fights: FightGuard;

  constructor(private readonly opts: ControllerOptions) {
    const { cfg, own } = opts;
    this.ownership = new Ownership(own, { identity: cfg.identity, durationMs: cfg.leaseDurationMs });
    this.clusters = new Clusters(own, cfg.namespace, cfg.retry, opts.clientOptions);
    this.fights = new FightGuard(cfg.fight);
    this.triggers = [...this.builtInTriggers(), ...(opts.triggers ?? [])];
    this.reporter = {
      report: (env, report) => {
        for (const t of this.triggers) t.observe?.(env, report);
        return opts.reporter.report(env, report);
      },
    };
    this.queue = new WorkQueue((key, mode) => this.reconcile(key, mode), {
      concurrency: cfg.concurrency,
      backoffBaseMs: cfg.backoffBaseMs,
      backoffMaxMs: cfg.backoffMaxMs,
    });
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }

  private builtInTriggers(): Trigger[] {
    const { cfg, own } = this.opts;
    const out: Trigger[] = [];
    if (cfg.poll) {
      out.push(
        new PollTrigger({
          tips: this.tips,
          intervalMs: cfg.pollIntervalMs,
          log: (line) => this.log(line),
          lsRemote: async (repo, branch, env) => {
            const auth = await gitCredentials(own, env, cfg.namespace, join(cfg.cacheDir, 'keys'));
            return new GitCache(repo, join(cfg.cacheDir, 'git', 'repos'), auth).lsRemote(branch);
          },
        }),
      );
    }
    if (cfg.selfHealWatch) {
      out.push(
        new DriftWatch({
          cluster: (name) => this.clusters.current(name),
          debounceMs: cfg.healDebounceMs,
          silenceMs: cfg.watchSilenceMs,
          onLifecycle: (what, detail) => this.opts.onWatch?.(what, detail),
          log: (line) => this.log(line),
        }),
      );
    }
    return out;
  }

  private async reconcile(name: string, mode: Mode): Promise<{ failed?: boolean; requeueAfterMs?: number }> {
    const informer = this.informer!;
    const refs = this.healRefs.get(name) ?? [];
    this.healRefs.delete(name);
    try {
      return await reconcileEnvironment(
        {
          own: this.opts.own,
          environments: informer,
          clusters: this.clusters,
          ownership: this.ownership,
          reporter: this.reporter,
          cfg: this.opts.cfg,
          stop: this.stopping.signal,
          tips: this.tips,
          fights: this.fights,
          log: (line) => this.log(line),
        },
        this.opts.cfg.namespace,
        name,
        mode === 'heal' ? refs : undefined,
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

  /** Re-sync just `refs` of `env` (a watch saw them change). */
  heal(env: string, refs: readonly ObjectRef[]): void {
    this.log(`environment ${env}: ${refs.map(formatRef).join(', ')} changed under it: healing`);
    this.healRefs.set(env, [...(this.healRefs.get(env) ?? []), ...refs]);
    this.queue.add(env, 'heal');
  }

  /** Environments as last seen. */
  environments(): EnvironmentResource[] {
    return (this.informer?.list() ?? []) as unknown as EnvironmentResource[];
  }

  /** Another replica received a push for `obj`: its tip as this replica knows it is stale. */
  private pushedHere(obj: KubeObject): void {
    const { source } = (obj as unknown as EnvironmentResource).spec;
    const value = pushedRevision(obj)!;
    const branch = source.branch ?? 'deploy';
    if (/^[0-9a-f]{40}$/.test(value)) this.tips.observe(source.repo, branch, value);
    else this.tips.forget(source.repo, branch);
  }

  /** A push to a deploy branch (a webhook): every Environment reading it looks now. */
  push(push: Push): Promise<PushRouting> {
    return routePush(
      {
        environments: this.environments(),
        owns: (env) => this.ownership.holds(env),
        enqueue: (env) => this.enqueue(env),
        own: this.opts.own,
        tips: this.tips,
      },
      push,
    );
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
          this.fights.reset(name);
          void this.ownership.release(name);
          return;
        }
        if (old && pushedRevision(obj) !== pushedRevision(old)) this.pushedHere(obj);
        if (needsLook(obj, old)) this.queue.add(name);
      },
    });
    this.informer.start();
    await this.informer.hasSynced();
    this.ownership.start();
    const ctx: TriggerContext = {
      enqueue: (env) => this.queue.add(env),
      heal: (env, refs) => this.heal(env, refs),
      environments: () => this.environments(),
      owns: (env) => this.ownership.holds(env),
    };
    for (const t of this.triggers) t.start(ctx);
    this.started = true;
    this.log(`watching Environments in ${cfg.namespace} as ${cfg.identity}`);
  }

  /** Graceful: syncs finish their current step, leases are released, watches end. */
  async stop(): Promise<void> {
    this.stopping.abort(new Error('the operator is shutting down'));
    for (const t of this.triggers) await t.stop();
    await this.queue.stop();
    await this.ownership.releaseAll();
    await this.informer?.stop();
    this.clusters.close();
  }
}
