/** A minimal HTTPS client for the local apiserver, authenticated with the admin client certificate. */
import { readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet, request } from 'node:https';
import type { Pki } from './pki';

export interface ApiResponse {
  readonly status: number;
  readonly body: string;
}

export class AdminClient {
  private readonly ca: Buffer;
  private readonly cert: Buffer;
  private readonly key: Buffer;

  constructor(
    readonly baseUrl: string,
    pki: Pki,
  ) {
    this.ca = readFileSync(pki.caCert);
    this.cert = readFileSync(pki.adminCert);
    this.key = readFileSync(pki.adminKey);
  }

  request(method: string, path: string, body?: unknown, timeoutMs = 5000): Promise<ApiResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.baseUrl),
        {
          method,
          ca: this.ca,
          cert: this.cert,
          key: this.key,
          timeout: timeoutMs,
          headers: payload ? { 'content-type': 'application/json', accept: 'application/json' } : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  async getJson<T>(path: string): Promise<T | undefined> {
    const res = await this.request('GET', path);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
    return JSON.parse(res.body) as T;
  }
}

/** GET over plain HTTP or HTTPS without verifying the peer (for component /healthz probes). */
export function probe(url: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const req = get(url, { rejectUnauthorized: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}
