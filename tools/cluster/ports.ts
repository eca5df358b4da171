/** Free loopback TCP ports, so several control planes can run side by side. */
import { createServer, type Server } from 'node:net';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}

const close = (s: Server): Promise<void> => new Promise((r) => s.close(() => r()));

/** `count` distinct ports that were free a moment ago (held together so they never repeat). */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listen(0));
    return servers.map((s) => {
      const addr = s.address();
      if (addr === null || typeof addr === 'string')
        throw new Error('[tools/cluster/ports] no port assigned');
      return addr.port;
    });
  } finally {
    await Promise.all(servers.map(close));
  }
}

/** Throws a clear error when something already listens on 127.0.0.1:port. */
export async function assertPortFree(port: number, component: string): Promise<void> {
  try {
    await close(await listen(port));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      `[${component}] port 127.0.0.1:${port} is in use (${code ?? String(err)}); ` +
        'another process took it, start the cluster again to pick new ports',
    );
  }
}
