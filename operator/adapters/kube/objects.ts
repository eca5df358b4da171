/**
 * Object verbs on top of the client and discovery: get, list, server-side apply (optionally as a
 * dry run), delete. Objects are addressed by their own apiVersion/kind/metadata.
 */
import type { KubeClient, KubeObject } from './client';
import { KubeApiError } from './errors';
import { type Discovery, type ResourceInfo, resourcePath } from './discovery';

export const FIELD_MANAGER = 'ferry';

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

export interface ObjectAddress {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string };
}

export class KubeObjects {
  constructor(
    readonly client: KubeClient,
    readonly discovery: Discovery,
  ) {}

  info(obj: Pick<ObjectAddress, 'apiVersion' | 'kind'>): ResourceInfo {
    const info = this.discovery.lookup(obj.apiVersion, obj.kind);
    if (!info) {
      throw new KubeApiError(
        404,
        'NotFound',
        `the API server does not serve ${obj.kind} in ${obj.apiVersion}`,
      );
    }
    return info;
  }

  /** The address of an object known only by group, kind, namespace and name (preferred version). */
  addressOf(ref: {
    readonly group: string;
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
  }): KubeObject | undefined {
    const info = this.discovery.lookupKind(ref.group, ref.kind);
    if (!info) return undefined;
    const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    return { apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } };
  }

  path(obj: ObjectAddress): string {
    return resourcePath(this.info(obj), obj.metadata.namespace, obj.metadata.name);
  }

  /** The live object, or undefined when it does not exist. */
  async get(obj: ObjectAddress): Promise<KubeObject | undefined> {
    try {
      return await this.client.request<KubeObject>('GET', this.path(obj), { countAs: 'get' });
    } catch (err) {
      if (err instanceof KubeApiError && err.notFound) return undefined;
      throw err;
    }
  }

  async list(info: ResourceInfo, namespace?: string, labelSelector?: string): Promise<KubeObject[]> {
    const items: KubeObject[] = [];
    let cont: string | undefined;
    do {
      const page = await this.client.request<{ items: KubeObject[]; metadata: { continue?: string } }>(
        'GET',
        resourcePath(info, namespace),
        { countAs: 'list', query: { labelSelector, limit: 500, continue: cont } },
      );
      const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
      for (const item of page.items) items.push({ ...item, apiVersion, kind: info.kind });
      cont = page.metadata.continue || undefined;
    } while (cont);
    return items;
  }

  /** Server-side apply with the `ferry` field manager. */
  async apply(obj: KubeObject, opts: { dryRun?: boolean; force?: boolean } = {}): Promise<KubeObject> {
    return this.client.request<KubeObject>('PATCH', this.path(obj), {
      body: obj,
      contentType: 'application/apply-patch+yaml',
      query: {
        fieldManager: FIELD_MANAGER,
        force: opts.force || undefined,
        dryRun: opts.dryRun ? 'All' : undefined,
      },
      countAs: opts.dryRun ? 'dryRun' : 'patch',
    });
  }

  /**
   * Delete and wait until the object is gone (or was never there). Resolves false when it still
   * exists after `timeoutMs` (e.g. held by a finalizer).
   */
  async deleteAndWait(
    obj: ObjectAddress,
    propagationPolicy: PropagationPolicy,
    timeoutMs = 60_000,
  ): Promise<boolean> {
    if (!(await this.delete(obj, propagationPolicy))) return true;
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
      if (!(await this.get(obj))) return true;
      await new Promise((r) => setTimeout(r, 250));
    }
    return !(await this.get(obj));
  }

  /** Delete; resolves false when the object was already gone. */
  async delete(obj: ObjectAddress, propagationPolicy: PropagationPolicy = 'Foreground'): Promise<boolean> {
    try {
      await this.client.request('DELETE', this.path(obj), {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy },
      });
      return true;
    } catch (err) {
      if (err instanceof KubeApiError && err.notFound) return false;
      throw err;
    }
  }
}
