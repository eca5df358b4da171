/**
 * The Kubernetes API adapter: the only module that imports @kubernetes/client-node.
 *
 * client-node loads the kubeconfig and resolves credentials (certificates, tokens, exec plugins);
 * requests go through one keep-alive HTTPS agent with raw JSON bodies, so objects are compared
 * exactly as the API server returns them (client-node's typed deserialisation turns timestamps
 * into Dates and drops unknown fields).
 *
 * A long-running operator keeps one client for hours, so:
 * - credentials that expire (exec plugins, token files such as projected service-account tokens)
 *   are re-read periodically and after a 401;
 * - transient failures (429, 5xx, connection resets and time-outs) are retried with exponential
 *   backoff and jitter, honouring `Retry-After`;
 * - every request takes an AbortSignal.
 * Every successful request is counted by verb — on the client (for metrics) and on the view a sync
 * uses (`withCounts`), which is how tests and benchmarks prove that a no-op sync sends zero writes.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject, RequestCounts } from '../../model';
import { abortableSleep } from '../clock';
import { KubeApiError } from './errors';

export type { KubeObject, RequestCounts };
export { writeCount } from '../../model';

export type JsonObject = { [key: string]: unknown };

export function emptyCounts(): RequestCounts {
  return { get: 0, list: 0, dryRun: 0, create: 0, patch: 0, update: 0, delete: 0, retries: 0 };
}

export interface RequestOptions {
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  readonly contentType?: string;
  /** Counted as a read (get/list) or as a dry run instead of a write. */
  readonly countAs?: keyof RequestCounts;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. @default 5 */
  readonly attempts: number;
  /** First backoff; doubled each retry, with ±50% jitter. @default 250 */
  readonly baseDelayMs: number;
  /** Longest single wait, also the cap on `Retry-After`. @default 10000 */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 10_000 };

export interface ClientOptions {
  readonly retry?: RetryPolicy;
  /**
   * Called after every request (for metrics): HTTP method (`WATCH` for a watch), HTTP status (0 for
   * a network error), the path without query, and whether it was a server-side dry run.
   */
  readonly observe?: (verb: string, status: number, request?: { path: string; dryRun: boolean }) => void;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** How often expiring credentials (exec plugins, token files) are re-read. */
const AUTH_REFRESH_MS = 60_000;
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND']);

/** A network-level failure (no HTTP answer). */
export class KubeNetworkError extends Error {
  override name = 'KubeNetworkError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

interface Auth {
  headers: Record<string, string>;
  refreshedAt: number;
}

/** What is shared by a client and its counting views: connection, credentials, settings. */
class Connection {
  readonly agent: http.Agent;
  readonly secure: boolean;
  readonly totals: RequestCounts = emptyCounts();
  auth: Auth;

  constructor(
    readonly server: string,
    readonly kc: KubeConfig,
    tls: https.RequestOptions,
    readonly expiring: boolean,
    readonly options: ClientOptions,
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
    this.auth = { headers: stringHeaders(tls.headers), refreshedAt: Date.now() };
  }

  async refreshAuth(force = false): Promise<void> {
    if (!force && (!this.expiring || Date.now() - this.auth.refreshedAt < AUTH_REFRESH_MS)) return;
    const opts: https.RequestOptions = {};
    await this.kc.applyToHTTPSOptions(opts);
    this.auth = { headers: stringHeaders(opts.headers), refreshedAt: Date.now() };
  }
}

function stringHeaders(h: https.RequestOptions['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

export class KubeClient {
  /** Load a kubeconfig file, or the default ($KUBECONFIG, ~/.kube/config) when no path is given. */
  static async fromKubeconfig(path?: string, options: ClientOptions = {}): Promise<KubeClient> {
    const kc = new KubeConfig();
    const home = process.env.HOME ?? '';
    if (
      !path &&
      !process.env.KUBECONFIG &&
      !existsSync(`${home}/.kube/config`) &&
      !process.env.KUBERNETES_SERVICE_HOST
    ) {
      throw new Error(
        'no kubeconfig: pass --kubeconfig PATH, or set KUBECONFIG (e.g. to the path `ferry cluster up` prints)',
      );
    }
    try {
      if (path) kc.loadFromFile(path);
      else kc.loadFromDefault();
    } catch (err) {
      throw new Error(
        `cannot load kubeconfig ${path ?? '(default: $KUBECONFIG or ~/.kube/config)'}: ${(err as Error).message}. ` +
          'Pass --kubeconfig PATH (e.g. the path printed by `ferry cluster up`).',
      );
    }
    return KubeClient.fromConfig(kc, path ?? '(default)', options);
  }

  /** In a pod: the service account's token (re-read as it rotates) and CA. */
  static async inCluster(options: ClientOptions = {}): Promise<KubeClient> {
    const kc = new KubeConfig();
    kc.loadFromCluster();
    return KubeClient.fromConfig(kc, 'in-cluster', options);
  }

  /** From kubeconfig text (e.g. the `kubeconfig` key of a cluster Secret). */
  static async fromKubeconfigText(
    text: string,
    label: string,
    options: ClientOptions = {},
  ): Promise<KubeClient> {
    const kc = new KubeConfig();
    kc.loadFromString(text);
    return KubeClient.fromConfig(kc, label, options);
  }

  private static async fromConfig(
    kc: KubeConfig,
    label: string,
    options: ClientOptions,
  ): Promise<KubeClient> {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error(`kubeconfig ${label} has no current cluster`);
    const user = kc.getCurrentUser();
    const expiring = Boolean(user?.exec || user?.authProvider || (user as { tokenFile?: string })?.tokenFile);
    const opts: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    const conn = new Connection(cluster.server.replace(/\/$/, ''), kc, opts, expiring, options);
    return new KubeClient(conn, emptyCounts());
  }

  private constructor(
    private readonly conn: Connection,
    /** Successful requests by kind, for this client or view. */
    readonly counts: RequestCounts,
  ) {}

  get server(): string {
    return this.conn.server;
  }

  /** Requests of every view of this connection. */
  get totals(): RequestCounts {
    return this.conn.totals;
  }

  /** A view on the same connection that also counts its own requests (one per sync). */
  withCounts(counts: RequestCounts = emptyCounts()): KubeClient {
    return new KubeClient(this.conn, counts);
  }

  resetCounts(): void {
    for (const k of Object.keys(this.counts) as (keyof RequestCounts)[]) this.counts[k] = 0;
  }

  close(): void {
    this.conn.agent.destroy();
  }

  async request<T = JsonObject>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const policy = this.conn.options.retry ?? DEFAULT_RETRY;
    let authRetried = false;
    for (let attempt = 1; ; attempt++) {
      opts.signal?.throwIfAborted();
      await this.conn.refreshAuth();
      try {
        return await this.once<T>(method, path, opts);
      } catch (err) {
        if (err instanceof KubeApiError && err.code === 401 && !authRetried && this.conn.expiring) {
          authRetried = true;
          await this.conn.refreshAuth(true);
          attempt--;
          continue;
        }
        const wait = this.retryDelay(err, method, attempt, policy);
        if (wait === undefined) throw err;
        this.counts.retries++;
        this.conn.totals.retries++;
        await abortableSleep(wait, opts.signal);
      }
    }
  }

  /** How long to wait before retrying, or undefined when the error is final. */
  private retryDelay(err: unknown, method: string, attempt: number, policy: RetryPolicy): number | undefined {
    if (attempt >= policy.attempts) return undefined;
    let retryable = false;
    let hinted: number | undefined;
    if (err instanceof KubeApiError) {
      // A POST may have created something before a 5xx: only retry it when the server refused it.
      retryable =
        RETRYABLE_STATUS.has(err.code) && (method !== 'POST' || err.code === 429 || err.code === 503);
      hinted = err.retryAfterMs;
    } else if (err instanceof KubeNetworkError) {
      retryable = method !== 'POST' || err.code === 'ECONNREFUSED';
    }
    if (!retryable) return undefined;
    const backoff = policy.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random());
    return Math.min(policy.maxDelayMs, hinted ?? backoff);
  }

  /**
   * A streaming GET (a watch): calls `onLine` with each newline-delimited JSON line, resolves when
   * the server ends the response, rejects on an error status or a network failure. No retries:
   * the informer owns restarts.
   */
  async stream(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onLine: (line: string) => void,
    signal: AbortSignal,
  ): Promise<void> {
    await this.conn.refreshAuth();
    const url = new URL(this.conn.server + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const mod = this.conn.secure ? https : http;
    const observe = this.conn.options.observe;
    return new Promise<void>((resolve, reject) => {
      const req = mod.request(
        url,
        {
          method: 'GET',
          headers: { Accept: 'application/json', ...this.conn.auth.headers },
          agent: this.conn.agent,
          signal,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          observe?.('WATCH', status, { path, dryRun: false });
          if (status < 200 || status >= 300) {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              reject(KubeApiError.fromResponse('GET', path, status, Buffer.concat(chunks).toString('utf8'))),
            );
            return;
          }
          this.count('GET', 'list');
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
              const line = buffer.slice(0, i).trim();
              buffer = buffer.slice(i + 1);
              if (line) onLine(line);
            }
          });
          res.on('end', () => resolve());
          res.on('error', (e) => reject(new KubeNetworkError(`watch ${path}: ${e.message}`, 'ECONNRESET')));
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(
          signal.aborted ? signal.reason : new KubeNetworkError(`watch ${path}: ${err.message}`, err.code),
        ),
      );
      req.end();
    });
  }

  private once<T>(method: string, path: string, opts: RequestOptions): Promise<T> {
    const url = new URL(this.conn.server + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers: Record<string, string> = { Accept: 'application/json', ...this.conn.auth.headers };
    if (payload !== undefined) {
      headers['Content-Type'] = opts.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const mod = this.conn.secure ? https : http;
    const observed = this.conn.options.observe;
    const info = { path, dryRun: opts.query?.dryRun !== undefined };
    const observe = observed && ((m: string, status: number) => observed(m, status, info));
    return new Promise<T>((resolve, reject) => {
      const req = mod.request(
        url,
        {
          method,
          headers,
          agent: this.conn.agent,
          timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          signal: opts.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) =>
            reject(new KubeNetworkError(`${method} ${path}: ${e.message}`, 'ECONNRESET')),
          );
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            observe?.(method, status);
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
            const error = KubeApiError.fromResponse(method, path, status, text);
            error.retryAfterMs = retryAfterMs(res.headers['retry-after']);
            reject(error);
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(
          Object.assign(new Error(`no answer from ${this.conn.server} in time`), { code: 'ETIMEDOUT' }),
        ),
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (opts.signal?.aborted) {
          reject(opts.signal.reason ?? err);
          return;
        }
        observe?.(method, 0);
        reject(
          new KubeNetworkError(
            `${method} ${path}: cannot reach the API server at ${this.conn.server}: ${err.message}. ` +
              'Is the cluster running and the kubeconfig right?',
            err.code ?? (/socket hang up/i.test(err.message) ? 'ECONNRESET' : undefined),
          ),
        );
      });
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  private count(method: string, as: keyof RequestCounts | undefined): void {
    const verb =
      as ??
      ({ GET: 'get', POST: 'create', PATCH: 'patch', PUT: 'update', DELETE: 'delete' } as const)[
        method as 'GET'
      ];
    if (!verb) return;
    this.counts[verb]++;
    this.conn.totals[verb]++;
  }
}

/** True for errors that mean "the API server could not be reached" (not "it said no"). */
export function isUnreachable(err: unknown): boolean {
  return err instanceof KubeNetworkError && NETWORK_CODES.has(err.code ?? '');
}
