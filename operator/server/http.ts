/**
 * The operator's HTTP server: `/healthz` (the process answers), `/readyz` (the controller has
 * listed its Environments), and whatever routes later features add (metrics, webhook). Wiring
 * only; each route is a small handler.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

export function text(
  res: http.ServerResponse,
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export async function startServer(
  port: number,
  routes: Readonly<Record<string, Route>>,
): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = routes[path];
    if (!route) {
      text(res, 404, `not found: ${path}\n`);
      return;
    }
    Promise.resolve(route(req, res)).catch((err: unknown) => {
      if (!res.headersSent) text(res, 500, `${(err as Error).message}\n`);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `/healthz` and `/readyz`. */
export function probes(ready: () => boolean): Record<string, Route> {
  return {
    '/healthz': (_req, res) => text(res, 200, 'ok\n'),
    '/readyz': (_req, res) =>
      ready() ? text(res, 200, 'ok\n') : text(res, 503, 'not ready: listing Environments\n'),
  };
}
