/**
 * A TLS proxy in front of the run's real API server that injects faults into chosen requests: an
 * HTTP status (429/503 with Retry-After, a 503 for one API group's discovery), or a connection
 * reset. Everything else is forwarded unchanged, with the admin credentials of the test
 * kubeconfig. Tests point Ferry at `proxy.kubeconfig`, so only their own client sees the faults.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { testKubeconfig } from './env';

export type Fault = { readonly status: number; readonly retryAfter?: number } | { readonly reset: true };

export interface FaultRule {
  readonly method?: string;
  /** Matched against the path (without the query). */
  readonly path: RegExp;
  /** How many matching requests get the fault. @default Infinity */
  times?: number;
  readonly fault: Fault;
}

interface KubeconfigFile {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
}

export class FaultProxy {
  readonly kubeconfig: string;
  /** Requests that received a fault, as `METHOD path`. */
  readonly injected: string[] = [];
  private readonly rules: FaultRule[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'ferry-proxy-'));

  private constructor(
    private readonly server: https.Server,
    port: number,
    cert: string,
  ) {
    this.kubeconfig = join(this.dir, 'kubeconfig');
    writeFileSync(
      this.kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'proxy',
            cluster: {
              server: `https://127.0.0.1:${port}`,
              'certificate-authority-data': Buffer.from(cert).toString('base64'),
            },
          },
        ],
        users: [{ name: 'proxy', user: { token: 'unused-the-proxy-authenticates' } }],
        contexts: [{ name: 'proxy', context: { cluster: 'proxy', user: 'proxy' } }],
        'current-context': 'proxy',
      }),
    );
  }

  static async start(): Promise<FaultProxy> {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-proxy-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    rmSync(dir, { recursive: true, force: true });
    const upstream = parse(readFileSync(testKubeconfig(), 'utf8')) as KubeconfigFile;
    const target = new URL(upstream.clusters[0]!.cluster.server);
    const b64 = (s: string) => Buffer.from(s, 'base64');
    const agent = new https.Agent({
      keepAlive: true,
      ca: b64(upstream.clusters[0]!.cluster['certificate-authority-data']),
      cert: b64(upstream.users[0]!.user['client-certificate-data']),
      key: b64(upstream.users[0]!.user['client-key-data']),
    });
    const self: { proxy?: FaultProxy } = {};
    const server = https.createServer({ cert, key }, (req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      const proxy = self.proxy!;
      const rule = proxy.match(req.method ?? 'GET', path);
      if (rule) {
        proxy.injected.push(`${req.method} ${path}`);
        if ('reset' in rule.fault) {
          req.socket.destroy();
          return;
        }
        res.writeHead(rule.fault.status, {
          'Content-Type': 'application/json',
          ...(rule.fault.retryAfter !== undefined ? { 'Retry-After': String(rule.fault.retryAfter) } : {}),
        });
        res.end(
          JSON.stringify({
            kind: 'Status',
            status: 'Failure',
            message: 'injected by the test proxy',
            code: rule.fault.status,
          }),
        );
        return;
      }
      const headers = { ...req.headers, host: target.host };
      delete headers.authorization;
      const out = https.request(
        { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      req.pipe(out);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    self.proxy = new FaultProxy(server, (server.address() as AddressInfo).port, cert);
    return self.proxy;
  }

  /** Add a rule; the first matching rule with times left wins. */
  inject(rule: FaultRule): void {
    this.rules.push({ times: Infinity, ...rule });
  }

  clear(): void {
    this.rules.length = 0;
  }

  private match(method: string, path: string): FaultRule | undefined {
    const rule = this.rules.find(
      (r) => (r.times ?? 0) > 0 && (!r.method || r.method === method) && r.path.test(path),
    );
    if (rule) rule.times = (rule.times ?? Infinity) - 1;
    return rule;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
