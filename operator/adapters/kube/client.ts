/**
 * The Kubernetes API adapter: the only module that imports @kubernetes/client-node.
 *
 * client-node loads the kubeconfig and resolves credentials (certificates, tokens, exec plugins);
 * requests go through one keep-alive HTTPS agent with raw JSON bodies, so objects are compared
 * exactly as the API server returns them (client-node's typed deserialisation turns timestamps
 * into Dates and drops unknown fields). Every request is counted by verb, which is how tests and
 * benchmarks prove that a no-op sync sends zero writes.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../../model';
import { KubeApiError } from './errors';

export type { KubeObject };

export type JsonObject = { [key: string]: unknown };

/** Successful requests by kind. */
export interface RequestCounts {
  get: number;
  list: number;
  /** Server-side dry-run PATCH/POST/DELETE requests: they change nothing. */
  dryRun: number;
  create: number;
  patch: number;
  update: number;
  delete: number;
}

/** Requests that change the cluster. */
export function writeCount(c: RequestCounts): number {
  return c.create + c.patch + c.update + c.delete;
}

export interface RequestOptions {
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  readonly contentType?: string;
  /** Counted as a read (get/list) or as a dry run instead of a write. */
  readonly countAs?: keyof RequestCounts;
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

export class KubeClient {
  /** Load a kubeconfig file, or the default ($KUBECONFIG, ~/.kube/config) when no path is given. */
  static async fromKubeconfig(path?: string): Promise<KubeClient> {
    const kc = new KubeConfig();
    try {
      if (path) kc.loadFromFile(path);
      else kc.loadFromDefault();
    } catch (err) {
      throw new Error(
        `cannot load kubeconfig ${path ?? '(default: $KUBECONFIG or ~/.kube/config)'}: ${(err as Error).message}. ` +
          'Pass --kubeconfig PATH (e.g. the path printed by `ferry cluster up`).',
      );
    }
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error(`kubeconfig ${path ?? '(default)'} has no current cluster`);
    const opts: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    return new KubeClient(cluster.server.replace(/\/$/, ''), opts);
  }

  readonly counts: RequestCounts = { get: 0, list: 0, dryRun: 0, create: 0, patch: 0, update: 0, delete: 0 };
  private readonly agent: http.Agent;
  private readonly secure: boolean;

  private constructor(
    readonly server: string,
    private readonly tls: https.RequestOptions,
  ) {
    this.secure = server.startsWith('https:');
    const agentOpts = { keepAlive: true, maxSockets: 32 };
    this.agent = this.secure
      ? new https.Agent({
          ...agentOpts,
          ca: tls.ca,
          cert: tls.cert,
          key: tls.key,
          rejectUnauthorized: tls.rejectUnauthorized,
        })
      : new http.Agent(agentOpts);
  }

  resetCounts(): void {
    for (const k of Object.keys(this.counts) as (keyof RequestCounts)[]) this.counts[k] = 0;
  }

  close(): void {
    this.agent.destroy();
  }

  async request<T = JsonObject>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers: Record<string, string> = { Accept: 'application/json' };
    for (const [k, v] of Object.entries(this.tls.headers ?? {})) {
      if (typeof v === 'string') headers[k] = v;
    }
    if (payload !== undefined) {
      headers['Content-Type'] = opts.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const mod = this.secure ? https : http;
    return new Promise<T>((resolve, reject) => {
      const req = mod.request(
        url,
        { method, headers, agent: this.agent, timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              // Counted on success only: a refused request changed nothing.
              this.count(method, opts.countAs);
              try {
                resolve((text ? JSON.parse(text) : {}) as T);
              } catch (err) {
                reject(
                  new Error(`${method} ${path}: invalid JSON from the API server: ${(err as Error).message}`),
                );
              }
              return;
            }
            reject(KubeApiError.fromResponse(method, path, status, text));
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${path}: no answer from ${this.server} in time`)),
      );
      req.on('error', (err) =>
        reject(
          new Error(
            `${method} ${path}: cannot reach the API server at ${this.server}: ${err.message}. ` +
              'Is the cluster running and the kubeconfig right?',
          ),
        ),
      );
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  private count(method: string, as: keyof RequestCounts | undefined): void {
    if (as) {
      this.counts[as]++;
      return;
    }
    const verb = ({ GET: 'get', POST: 'create', PATCH: 'patch', PUT: 'update', DELETE: 'delete' } as const)[
      method as 'GET'
    ];
    if (verb) this.counts[verb]++;
  }
}
