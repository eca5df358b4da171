/**
 * `ferry operator`: the controller as a process — against `--kubeconfig` (development, tests) or
 * in-cluster with its service account. Serves /healthz, /readyz, /metrics and POST /webhook on
 * `--port`. SIGTERM (or SIGINT) shuts down gracefully: running syncs finish their current step,
 * leases are released.
 */
import { observeGitRequests } from '../adapters/git';
import { Discovery, KubeClient, KubeObjects, type ClientOptions } from '../adapters/kube';
import { resolveOperatorConfig, type OperatorFlags } from '../config';
import { CachedSecret, Controller } from '../controller';
import { Notifier, OperatorMetrics, StatusWriter, teeReporter } from '../status';
import { metricsRoute, probes, startServer, webhookRoute } from '../server';
import { EXIT, reportError } from './output';

/** Longest graceful shutdown: below the operator pod's 60 s terminationGracePeriodSeconds. */
const SHUTDOWN_GRACE_MS = 45_000;

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
  const metrics = new OperatorMetrics();
  observeGitRequests((operation, ok) => metrics.gitRequest(operation, ok));
  const clientOptions: ClientOptions = {
    observe: (verb, status, req) => metrics.kubeRequest(verb, status, req),
  };
  const client = cfg.kubeconfig
    ? await KubeClient.fromKubeconfig(cfg.kubeconfig, { ...clientOptions, retry: cfg.retry })
    : await KubeClient.inCluster({ ...clientOptions, retry: cfg.retry });
  const discovery = new Discovery(client);
  await discovery.refresh();
  const kube = new KubeObjects(client, discovery);
  const writer = new StatusWriter({
    kube,
    identity: cfg.identity,
    log,
    onStatus: (env, status) => metrics.status(env, status),
  });
  const notifier = new Notifier({
    config: new CachedSecret(kube, cfg.namespace, cfg.notificationsSecret),
    backoffMs: cfg.notifyBackoffMs,
    log,
  });
  const controller = new Controller({
    own: kube,
    cfg,
    reporter: teeReporter(
      writer,
      [(env, report) => metrics.report(env, report), (env, report) => notifier.observe(env, report)],
      log,
    ),
    clientOptions,
    log,
    onWatch: (what, detail) => {
      metrics.watch(what);
      log(`watch ${what}${detail ? `: ${detail}` : ''}`);
    },
  });
  const webhookSecret = new CachedSecret(kube, cfg.namespace, cfg.webhookSecret);
  const server = await startServer(cfg.port, {
    ...probes(() => controller.ready),
    '/metrics': metricsRoute(metrics),
    '/webhook': webhookRoute({
      secret: () => webhookSecret.key('secret'),
      secretName: `${cfg.namespace}/${cfg.webhookSecret}`,
      onPush: (push) => controller.push(push),
      count: (result) => metrics.webhook(result),
      log,
    }),
  });
  log(`serving /healthz, /readyz, /metrics and POST /webhook on :${server.port}`);
  const stopped = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  try {
    await Promise.race([controller.start(), stopped]);
    const signal = await stopped;
    log(`${signal}: finishing the current steps and releasing leases`);
    // A step can be long (a health wait); the pod is killed after its 60 s grace period anyway,
    // and the next owner completes an interrupted sync (the inventory says where it was).
    setTimeout(() => {
      log(`a sync did not finish its current step within ${SHUTDOWN_GRACE_MS / 1000}s: exiting now`);
      process.exit(EXIT.ok);
    }, SHUTDOWN_GRACE_MS).unref();
    await controller.stop();
    await Promise.race([notifier.idle(), new Promise((r) => setTimeout(r, 5000).unref())]);
    log('stopped');
    return EXIT.ok;
  } catch (err) {
    log(`fatal: ${(err as Error).message}`);
    await controller.stop().catch(() => undefined);
    return EXIT.failed;
  } finally {
    observeGitRequests(undefined);
    await server.close();
    client.close();
  }
}
