/**
 * `ferry operator`: the controller as a process — against `--kubeconfig` (development, tests) or
 * in-cluster with its service account. Serves /healthz and /readyz on `--port`. SIGTERM (or
 * SIGINT) shuts down gracefully: running syncs finish their current step, leases are released.
 */
import { Discovery, KubeClient, KubeObjects } from '../adapters/kube';
import { resolveOperatorConfig, type OperatorFlags } from '../config';
import { Controller } from '../controller';
import { StatusWriter } from '../status';
import { probes, startServer } from '../server';
import { EXIT, reportError } from './output';

function logger(identity: string): (line: string) => void {
  return (line) => process.stderr.write(`${new Date().toISOString()} ferry-operator[${identity}] ${line}\n`);
}

export async function operatorCommand(flags: OperatorFlags): Promise<number> {
  let cfg;
  try {
    cfg = resolveOperatorConfig(flags);
  } catch (err) {
    return reportError(err);
  }
  const log = logger(cfg.identity);
  const client = cfg.kubeconfig
    ? await KubeClient.fromKubeconfig(cfg.kubeconfig, { retry: cfg.retry })
    : await KubeClient.inCluster({ retry: cfg.retry });
  const discovery = new Discovery(client);
  await discovery.refresh();
  const kube = new KubeObjects(client, discovery);
  const writer = new StatusWriter({ kube, identity: cfg.identity, log });
  const controller = new Controller({
    own: kube,
    cfg,
    reporter: writer,
    log,
    onWatch: (what, detail) => log(`watch ${what}${detail ? `: ${detail}` : ''}`),
  });
  const server = await startServer(
    cfg.port,
    probes(() => controller.ready),
  );
  log(`serving /healthz and /readyz on :${server.port}`);
  const stopped = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  try {
    await Promise.race([controller.start(), stopped]);
    const signal = await stopped;
    log(`${signal}: finishing the current steps and releasing leases`);
    await controller.stop();
    log('stopped');
    return EXIT.ok;
  } catch (err) {
    log(`fatal: ${(err as Error).message}`);
    await controller.stop().catch(() => undefined);
    return EXIT.failed;
  } finally {
    await server.close();
    client.close();
  }
}
