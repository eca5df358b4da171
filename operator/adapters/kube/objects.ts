/**
 * Object verbs on top of the client and discovery: get, list, server-side apply (optionally as a
 * dry run), create, update with a resourceVersion precondition, JSON patch, delete. Objects are
 * addressed by their own apiVersion/kind/metadata.
 */
import type { PropagationPolicy } from '../../model';
import { abortableSleep } from '../clock';
import { emptyCounts, type KubeClient, type KubeObject } from './client';
import { KubeApiError } from './errors';
import { type Discovery, type ResourceInfo, resourcePath } from './discovery';

export const FIELD_MANAGER = 'ferry';

export type { PropagationPolicy };

/** `Strict` rejects unknown and duplicate fields; `Ignore` drops them (the `Validate=false` option). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface ObjectAddress {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string };
}

export interface WriteOptions {
  readonly dryRun?: boolean;
  readonly fieldValidation?: FieldValidation;
  readonly signal?: AbortSignal;
}

export interface ApplyOptions extends WriteOptions {
  readonly force?: boolean;
}

export type JsonPatchOp =
  | { readonly op: 'replace' | 'add' | 'test'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string };

export class KubeObjects {
  constructor(
    readonly client: KubeClient,
    readonly discovery: Discovery,
  ) {}

  /** The same connection and discovery, counting its own requests (one view per sync). */
  withCounts(): KubeObjects {
    return new KubeObjects(this.client.withCounts(emptyCounts()), this.discovery);
  }

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
  async get(obj: ObjectAddress, signal?: AbortSignal): Promise<KubeObject | undefined> {
    try {
      return await this.client.request<KubeObject>('GET', this.path(obj), { countAs: 'get', signal });
    } catch (err) {
      if (err instanceof KubeApiError && err.notFound) return undefined;
      throw err;
    }
  }

  async list(
    info: ResourceInfo,
    namespace?: string,
    labelSelector?: string,
    signal?: AbortSignal,
  ): Promise<KubeObject[]> {
    return (await this.listWithVersion(info, namespace, labelSelector, signal)).items;
  }

  /** A paged LIST and the collection's resourceVersion (to start a watch from). */
  async listWithVersion(
    info: ResourceInfo,
    namespace?: string,
    labelSelector?: string,
    signal?: AbortSignal,
  ): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const items: KubeObject[] = [];
    let cont: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.client.request<{
        items: KubeObject[];
        metadata: { continue?: string; resourceVersion?: string };
      }>('GET', resourcePath(info, namespace), {
        countAs: 'list',
        query: { labelSelector, limit: 500, continue: cont },
        signal,
      });
      const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
      for (const item of page.items) items.push({ ...item, apiVersion, kind: info.kind });
      cont = page.metadata.continue || undefined;
      resourceVersion = page.metadata.resourceVersion ?? resourceVersion;
    } while (cont);
    return { items, resourceVersion };
  }

  /** Server-side apply with the `ferry` field manager. */
  async apply(obj: KubeObject, opts: ApplyOptions = {}): Promise<KubeObject> {
    return this.client.request<KubeObject>('PATCH', this.path(obj), {
      body: obj,
      contentType: 'application/apply-patch+yaml',
      query: {
        fieldManager: FIELD_MANAGER,
        force: opts.force || undefined,
        dryRun: opts.dryRun ? 'All' : undefined,
        fieldValidation: opts.fieldValidation,
      },
      countAs: opts.dryRun ? 'dryRun' : 'patch',
      signal: opts.signal,
    });
  }

  /** POST a new object (also for `generateName`); fails with AlreadyExists when it exists. */
  async create(obj: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    const info = this.info(obj);
    return this.client.request<KubeObject>('POST', resourcePath(info, obj.metadata.namespace), {
      body: obj,
      query: {
        fieldManager: FIELD_MANAGER,
        dryRun: opts.dryRun ? 'All' : undefined,
        fieldValidation: opts.fieldValidation,
      },
      countAs: opts.dryRun ? 'dryRun' : 'create',
      signal: opts.signal,
    });
  }

  /**
   * PUT the whole object. With `metadata.resourceVersion` set, the server refuses (409, `stale`)
   * when someone else wrote it since it was read: optimistic concurrency.
   */
  async update(obj: KubeObject, signal?: AbortSignal): Promise<KubeObject> {
    return this.client.request<KubeObject>('PUT', this.path(obj), {
      body: obj,
      query: { fieldManager: FIELD_MANAGER },
      signal,
    });
  }

  /** Merge-patch the status subresource (`status` replaces what it names). */
  async patchStatus(obj: ObjectAddress, status: unknown, signal?: AbortSignal): Promise<KubeObject> {
    return this.client.request<KubeObject>('PATCH', `${this.path(obj)}/status`, {
      body: { status },
      contentType: 'application/merge-patch+json',
      query: { fieldManager: FIELD_MANAGER },
      signal,
    });
  }

  /** JSON merge patch (RFC 7386) of the object. */
  async mergePatch(obj: ObjectAddress, patch: unknown, signal?: AbortSignal): Promise<KubeObject> {
    return this.client.request<KubeObject>('PATCH', this.path(obj), {
      body: patch,
      contentType: 'application/merge-patch+json',
      query: { fieldManager: FIELD_MANAGER },
      signal,
    });
  }

  /** RFC 6902 JSON patch (e.g. to rewrite managedFields); a `test` op makes it conditional. */
  async jsonPatch(
    obj: ObjectAddress,
    ops: readonly JsonPatchOp[],
    signal?: AbortSignal,
  ): Promise<KubeObject> {
    return this.client.request<KubeObject>('PATCH', this.path(obj), {
      body: ops,
      contentType: 'application/json-patch+json',
      query: { fieldManager: FIELD_MANAGER },
      signal,
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
    signal?: AbortSignal,
  ): Promise<boolean> {
    if (!(await this.delete(obj, propagationPolicy, signal))) return true;
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
      if (!(await this.get(obj, signal))) return true;
      await abortableSleep(250, signal);
    }
    return !(await this.get(obj, signal));
  }

  /** Delete; resolves false when the object was already gone. */
  async delete(
    obj: ObjectAddress,
    propagationPolicy: PropagationPolicy = 'Foreground',
    signal?: AbortSignal,
  ): Promise<boolean> {
    try {
      await this.client.request('DELETE', this.path(obj), {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy },
        signal,
      });
      return true;
    } catch (err) {
      if (err instanceof KubeApiError && err.notFound) return false;
      throw err;
    }
  }
}
