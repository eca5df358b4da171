/**
 * An informer: a LIST, then a WATCH from the list's resourceVersion, keeping a cache of the
 * objects and telling a handler what changed. Built for a controller that runs for weeks
 * (see the researched notes on client-node's watches):
 * - bookmarks are requested and their resourceVersion kept, so a restart resumes where it was;
 * - the server ends watches after a randomised 300–600 s; the informer simply resumes;
 * - 410 Gone (the resourceVersion is too old) means relist: the cache is rebuilt and the
 *   differences are reported as adds, updates and deletes;
 * - a watchdog restarts a watch that stays silent too long (half-open TCP connections, load
 *   balancers cutting idle streams);
 * - other errors restart after a backoff with jitter. This class is the one owner of restarts.
 * Handlers must not block: they enqueue work, they never write.
 */
import { abortableSleep } from '../clock';
import type { KubeObject } from './client';
import { KubeApiError } from './errors';
import { resourcePath, type ResourceInfo } from './discovery';
import type { KubeObjects } from './objects';

export type InformerEvent = 'added' | 'updated' | 'deleted';

export interface InformerOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  /** Restart a watch that sent nothing (not even a bookmark) for this long. @default 90000 */
  readonly silenceMs?: number;
  /** First restart delay after an error; doubles up to 30 s, with jitter. @default 1000 */
  readonly backoffMs?: number;
  /** What the cache keeps of each object. @default the object without managedFields */
  readonly transform?: (obj: KubeObject) => KubeObject;
  /** Called for every change, after the cache is updated. */
  readonly onEvent: (type: InformerEvent, obj: KubeObject, old?: KubeObject) => void;
  /** Watch lifecycle, for logs and metrics: `relist`, `restart`, `silence`, `error`. */
  readonly onLifecycle?: (what: 'relist' | 'restart' | 'silence' | 'error', detail?: string) => void;
}

const key = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

/** Drop what a cache never needs (managedFields is most of an object's size). */
function slim(o: KubeObject): KubeObject {
  if (!o.metadata.managedFields) return o;
  const { managedFields: _m, ...metadata } = o.metadata;
  return { ...o, metadata };
}

export class Informer {
  private readonly cache = new Map<string, KubeObject>();
  private resourceVersion = '';
  private readonly controller = new AbortController();
  private running: Promise<void> | undefined;
  private synced = false;
  private readonly syncWaiters: (() => void)[] = [];

  constructor(
    private readonly kube: KubeObjects,
    private readonly info: ResourceInfo,
    private readonly opts: InformerOptions,
  ) {}

  /** Objects as last seen, by `namespace/name`. */
  list(): KubeObject[] {
    return [...this.cache.values()];
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.cache.get(`${namespace ?? ''}/${name}`);
  }

  /** Resolves once the first LIST has filled the cache. */
  hasSynced(): Promise<void> {
    return this.synced ? Promise.resolve() : new Promise((r) => this.syncWaiters.push(r));
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.running?.catch(() => undefined);
  }

  private async relist(signal: AbortSignal): Promise<void> {
    const { items, resourceVersion } = await this.kube.listWithVersion(
      this.info,
      this.opts.namespace,
      this.opts.labelSelector,
      signal,
    );
    const seen = new Set<string>();
    for (const raw of items) {
      const obj = (this.opts.transform ?? slim)(raw);
      const k = key(obj);
      seen.add(k);
      const old = this.cache.get(k);
      this.cache.set(k, obj);
      if (!old) this.opts.onEvent('added', obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion)
        this.opts.onEvent('updated', obj, old);
    }
    for (const [k, old] of [...this.cache]) {
      if (seen.has(k)) continue;
      this.cache.delete(k);
      this.opts.onEvent('deleted', old);
    }
    this.resourceVersion = resourceVersion;
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  private handle(line: string): void {
    const event = JSON.parse(line) as { type: string; object: KubeObject };
    if (event.type === 'ERROR') {
      const status = event.object as unknown as { code?: number; message?: string; reason?: string };
      throw new KubeApiError(status.code ?? 500, status.reason ?? 'Unknown', status.message ?? 'watch error');
    }
    const apiVersion = this.info.group ? `${this.info.group}/${this.info.version}` : this.info.version;
    const obj = (this.opts.transform ?? slim)({ ...event.object, apiVersion, kind: this.info.kind });
    if (obj.metadata.resourceVersion) this.resourceVersion = obj.metadata.resourceVersion;
    if (event.type === 'BOOKMARK') return;
    const k = key(obj);
    const old = this.cache.get(k);
    if (event.type === 'DELETED') {
      this.cache.delete(k);
      this.opts.onEvent('deleted', obj);
    } else {
      this.cache.set(k, obj);
      this.opts.onEvent(old ? 'updated' : 'added', obj, old);
    }
  }

  private async watchOnce(signal: AbortSignal): Promise<void> {
    const silenceMs = this.opts.silenceMs ?? 90_000;
    const attempt = new AbortController();
    const stop = AbortSignal.any([signal, attempt.signal]);
    let last = Date.now();
    const dog = setInterval(
      () => {
        if (Date.now() - last < silenceMs) return;
        this.opts.onLifecycle?.('silence', `no event for ${Math.round(silenceMs / 1000)}s`);
        attempt.abort(new Error('watch silent'));
      },
      Math.min(silenceMs, 5000),
    );
    try {
      await this.kube.client.stream(
        resourcePath(this.info, this.opts.namespace),
        {
          watch: 1,
          allowWatchBookmarks: true,
          resourceVersion: this.resourceVersion,
          labelSelector: this.opts.labelSelector,
          timeoutSeconds: 300 + Math.floor(Math.random() * 300),
        },
        (line) => {
          last = Date.now();
          this.handle(line);
        },
        stop,
      );
    } catch (err) {
      if (attempt.signal.aborted && !signal.aborted) return; // the watchdog: restart at once
      throw err;
    } finally {
      clearInterval(dog);
    }
  }

  private async loop(): Promise<void> {
    const signal = this.controller.signal;
    let failures = 0;
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.relist(signal);
          needList = false;
        }
        await this.watchOnce(signal);
        failures = 0;
        this.opts.onLifecycle?.('restart', 'watch ended');
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof KubeApiError && err.gone) {
          needList = true;
          this.opts.onLifecycle?.('relist', '410 Gone');
          continue;
        }
        failures++;
        this.opts.onLifecycle?.('error', (err as Error).message);
        const base = (this.opts.backoffMs ?? 1000) * 2 ** Math.min(failures - 1, 5);
        await abortableSleep(Math.min(30_000, base) * (0.5 + Math.random()), signal).catch(() => undefined);
        needList = needList || failures > 3;
      }
    }
  }
}
