/**
 * Watch-driven self-heal: one watch per (cluster, kind) of everything Ferry applied — label
 * `ferry.dev/environment` — shared by all environments. The kinds are those in the inventories of
 * the environments this replica owns (learnt from their reconcile reports). An update or delete
 * of an owned object by anyone but Ferry puts its environment on the queue as a `heal` of just
 * that object, debounced (~100 ms) so a burst (a namespace deleted, a rollout) is one heal.
 *
 * What counts as a change: a new generation (spec), changed labels or annotations, a new
 * resourceVersion of an object without generation (ConfigMap, Secret, ...), a deletion. Status
 * updates do not; changes Ferry made itself (its managedFields entry is the newest and its time
 * moved) do not. The informer does
 * the rest: bookmarks, relist on 410 Gone, restart on silence.
 */
import { FIELD_MANAGER, Informer, type KubeObject, type KubeObjects } from '../adapters/kube';
import { groupKindKey, LABELS, splitApiVersion, type EnvironmentResource, type ObjectRef } from '../model';
import type { Trigger, TriggerContext } from './controller';
import type { ReconcileReport } from './report';

export interface DriftWatchOptions {
  /** The client of a destination cluster as last built (no request). */
  readonly cluster: (name: string) => KubeObjects | undefined;
  /** @default 100 */
  readonly debounceMs?: number;
  readonly silenceMs: number;
  readonly onLifecycle?: (what: string, detail?: string) => void;
  readonly log?: (line: string) => void;
}

interface ManagedEntry {
  manager?: string;
  operation?: string;
  subresource?: string;
  time?: string;
}

/**
 * What the drift watch keeps of an object: its identity, the metadata a change is judged by, and the
 * newest non-status managedFields entry only (who wrote last). Never spec, data or status — the
 * watch caches every owned object, and a heal re-reads what it repairs.
 */
export function keepLastWriter(o: KubeObject): KubeObject {
  const entries = (o.metadata.managedFields ?? []) as ManagedEntry[];
  let last: ManagedEntry | undefined;
  for (const e of entries) {
    if (e.subresource === 'status') continue;
    // On a tie (one-second resolution) someone else wins: a heal that finds nothing costs no write.
    const newer = !last || (e.time ?? '') > (last.time ?? '');
    const tieOther = last && (e.time ?? '') === (last.time ?? '') && e.manager !== FIELD_MANAGER;
    if (newer || tieOther) last = e;
  }
  const m = o.metadata;
  const managedFields = last
    ? [{ manager: last.manager, operation: last.operation, subresource: last.subresource, time: last.time }]
    : [];
  const metadata: Record<string, unknown> = { name: m.name, managedFields };
  for (const k of [
    'namespace',
    'labels',
    'annotations',
    'generation',
    'resourceVersion',
    'deletionTimestamp',
  ])
    if (m[k] !== undefined) metadata[k] = m[k];
  return { apiVersion: o.apiVersion, kind: o.kind, metadata };
}

function lastEntry(o: KubeObject): ManagedEntry | undefined {
  return (o.metadata.managedFields as ManagedEntry[] | undefined)?.[0];
}

/**
 * True when Ferry made this change: its entry is the newest and its time moved. A write through
 * a subresource (`kubectl scale` uses /scale) may leave no entry of its own, so Ferry's entry
 * staying the newest with an unchanged time does not mean Ferry wrote. A change Ferry made within
 * the same second as its previous write looks foreign: it costs one heal that finds nothing.
 */
function writtenByFerry(obj: KubeObject, old: KubeObject): boolean {
  const now = lastEntry(obj);
  if (now?.manager !== FIELD_MANAGER) return false;
  const before = lastEntry(old);
  return before?.manager !== FIELD_MANAGER || before.time !== now.time;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/** True when `obj` changed in a way that may be drift (see the file header). */
export function isDriftCandidate(obj: KubeObject, old: KubeObject | undefined): boolean {
  if (!old) return true;
  if (obj.metadata.deletionTimestamp) return false;
  if (writtenByFerry(obj, old)) return false;
  const gen = obj.metadata.generation;
  if (gen !== undefined && gen !== old.metadata.generation) return true;
  if (!same(obj.metadata.labels, old.metadata.labels)) return true;
  if (!same(obj.metadata.annotations, old.metadata.annotations)) return true;
  return gen === undefined && obj.metadata.resourceVersion !== old.metadata.resourceVersion;
}

function refOf(o: KubeObject): ObjectRef {
  const { group } = splitApiVersion(o.apiVersion);
  return {
    group,
    kind: o.kind,
    name: o.metadata.name ?? '',
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
  };
}

export class DriftWatch implements Trigger {
  readonly name = 'drift';
  private ctx: TriggerContext | undefined;
  /** env → its destination cluster and the group/kinds it owns. */
  private readonly owned = new Map<string, { cluster: string; kinds: Set<string> }>();
  private readonly watches = new Map<string, { kube: KubeObjects; informer: Informer }>();
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; refs: ObjectRef[] }>();

  constructor(private readonly opts: DriftWatchOptions) {}

  start(ctx: TriggerContext): void {
    this.ctx = ctx;
  }

  async stop(): Promise<void> {
    this.ctx = undefined;
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    await Promise.all([...this.watches.values()].map((w) => w.informer.stop()));
    this.watches.clear();
  }

  /** Learn the kinds an environment owns from its reconcile reports. */
  observe(env: EnvironmentResource, report: ReconcileReport): void {
    const name = env.metadata.name;
    if (report.kind === 'deleted') this.owned.delete(name);
    else if (report.kind === 'synced' && report.state) {
      const kinds = new Set(report.state.objects.map((o) => groupKindKey(o.ref.group, o.ref.kind)));
      this.owned.set(name, { cluster: env.spec.destination.cluster, kinds });
    } else return;
    this.reconcileWatches();
  }

  /** Kinds watched now, as `cluster|group/Kind` (for tests and logs). */
  watched(): string[] {
    return [...this.watches.keys()].sort();
  }

  private reconcileWatches(): void {
    if (!this.ctx) return;
    const wanted = new Map<string, { cluster: string; kind: string }>();
    for (const [env, o] of this.owned) {
      if (!this.ctx.owns(env)) continue;
      for (const kind of o.kinds) wanted.set(`${o.cluster}|${kind}`, { cluster: o.cluster, kind });
    }
    for (const [key, w] of this.watches) {
      const current = this.opts.cluster(key.split('|')[0]!);
      if (wanted.has(key) && current === w.kube) continue;
      void w.informer.stop();
      this.watches.delete(key);
    }
    for (const [key, { cluster, kind }] of wanted) {
      if (this.watches.has(key)) continue;
      const kube = this.opts.cluster(cluster);
      const [group, k] = [kind.slice(0, kind.indexOf('/')), kind.slice(kind.indexOf('/') + 1)];
      const info = kube?.discovery.lookupKind(group, k);
      if (!kube || !info?.listable) continue;
      const informer = new Informer(kube, info, {
        labelSelector: LABELS.environment,
        silenceMs: this.opts.silenceMs,
        transform: keepLastWriter,
        onEvent: (type, obj, old) => {
          if (type === 'added') return;
          if (type === 'updated' && !isDriftCandidate(obj, old)) return;
          const env = obj.metadata.labels?.[LABELS.environment];
          if (env && this.ctx?.owns(env)) this.request(env, refOf(obj));
          else
            this.opts.log?.(
              `drift watch: ${type} ${obj.kind}/${obj.metadata.name} of ${env ?? '?'} not ours`,
            );
        },
        onLifecycle: (what, detail) => this.opts.onLifecycle?.(what, `${key}: ${detail ?? ''}`),
      });
      informer.start();
      this.watches.set(key, { kube, informer });
      this.opts.log?.(`watching owned ${kind} objects on cluster ${cluster}`);
    }
  }

  private request(env: string, ref: ObjectRef): void {
    const p = this.pending.get(env);
    if (p) {
      p.refs.push(ref);
      return;
    }
    const timer = setTimeout(() => {
      const done = this.pending.get(env);
      this.pending.delete(env);
      if (done) this.ctx?.heal(env, done.refs);
    }, this.opts.debounceMs ?? 100);
    timer.unref();
    this.pending.set(env, { timer, refs: [ref] });
  }
}
