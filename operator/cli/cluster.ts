/**
 * `ferry cluster up|down|status`: a local control plane for tests and demos. The launcher lives in
 * tools/cluster (test tooling, not product code) and is loaded only when these commands run (a
 * lazy `require`, which tsx's CommonJS hook resolves without file extensions).
 * Progress goes to stderr; `up` prints the kubeconfig path as the last line of stdout, so
 * `export KUBECONFIG=$(npx ferry cluster up)` works.
 */

import type * as ClusterTools from '../../tools/cluster';

/** Loaded on demand, so nothing else under operator/ pulls in tools/. */
function loadTools(): Promise<typeof ClusterTools> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return Promise.resolve(require('../../tools/cluster') as typeof ClusterTools);
}

function fail(err: unknown): number {
  process.stderr.write(`ferry: ${(err as Error).message ?? String(err)}\n`);
  return 1;
}

export async function clusterUp(opts: { name: string }): Promise<number> {
  try {
    const tools = await loadTools();
    const handle = await tools.startCluster({
      name: opts.name,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stderr.write(
      `cluster ${handle.name} is up; stop it with \`ferry cluster down --name ${handle.name}\`\n` +
        `  kubectl --kubeconfig ${handle.kubeconfigPath} get nodes\n`,
    );
    process.stdout.write(`${handle.kubeconfigPath}\n`);
    return 0;
  } catch (err) {
    return fail(err);
  }
}

export async function clusterDown(opts: { name: string }): Promise<number> {
  try {
    const tools = await loadTools();
    const stopped = await tools.stopCluster(opts.name);
    process.stdout.write(
      stopped ? `cluster ${opts.name} stopped\n` : `cluster ${opts.name} is not running\n`,
    );
    return 0;
  } catch (err) {
    return fail(err);
  }
}

export async function clusterStatus(opts: { name?: string }): Promise<number> {
  try {
    const tools = await loadTools();
    const clusters = tools.clusterStatus(opts.name ? { name: opts.name } : {});
    if (clusters.length === 0) {
      process.stdout.write(opts.name ? `cluster ${opts.name} is not running\n` : 'no clusters\n');
      return opts.name ? 1 : 0;
    }
    for (const c of clusters) {
      process.stdout.write(`${c.name}  ${c.state}  ${c.apiserverUrl}  started ${c.startedAt}\n`);
      process.stdout.write(`  kubeconfig  ${c.kubeconfig}\n`);
      const width = Math.max(...c.components.map((p) => p.component.length));
      for (const p of c.components) {
        const alive = p.alive ? 'alive' : 'dead';
        process.stdout.write(
          `  ${p.component.padEnd(width)}  pid ${String(p.pid).padEnd(7)} ${alive.padEnd(5)}  ${p.log}\n`,
        );
      }
    }
    return clusters.every((c) => c.state === 'running') ? 0 : 1;
  } catch (err) {
    return fail(err);
  }
}

export async function clusterIdentify(name: string, opts: { kubeconfig?: string }): Promise<number> {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    process.stderr.write(
      `ferry: cluster name "${name}" is not valid: use lowercase letters, digits and dashes\n`,
    );
    return 2;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { withCluster } = require('./connect') as typeof import('./connect.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { recordClusterName } = require('../inventory') as typeof import('../inventory/index.js');
    await withCluster(opts.kubeconfig, undefined, async (kube) => {
      await recordClusterName(kube, name);
      process.stdout.write(`the cluster at ${kube.client.server} is now named "${name}"\n`);
    });
    return 0;
  } catch (err) {
    return fail(err);
  }
}
