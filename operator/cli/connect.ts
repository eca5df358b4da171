/** The cluster connection of one CLI command: opened once, closed when the command ends. */
import { KubeApiError, KubeClient, type KubeObjects } from '../adapters/kube';
import type { SyncConfig } from '../config';
import { connect } from '../reconcile';

export async function withCluster<T>(
  kubeconfig: string | undefined,
  retry: SyncConfig['retry'] | undefined,
  fn: (kube: KubeObjects) => Promise<T>,
): Promise<T> {
  const kube = await connect(kubeconfig, retry);
  try {
    return await fn(kube);
  } finally {
    kube.client.close();
  }
}

/** An AbortSignal that fires on the first Ctrl-C (a second one kills the process as usual). */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSigint = (): void => {
    process.stderr.write('\nferry: interrupted; stopping at the next step (Ctrl-C again to kill)\n');
    process.off('SIGINT', onSigint);
    controller.abort(new Error('interrupted by the user (Ctrl-C)'));
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

/**
 * Why the cluster cannot be reached (one GET /version, no retries), or undefined when it answers.
 * Said plainly before any work, naming the server and the kubeconfig.
 */
export async function unreachableCluster(kubeconfig: string | undefined): Promise<string | undefined> {
  const where = `kubeconfig ${kubeconfig ?? '$KUBECONFIG or ~/.kube/config'}`;
  let client: KubeClient;
  try {
    client = await KubeClient.fromKubeconfig(kubeconfig, {
      retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    });
  } catch (err) {
    return (err as Error).message;
  }
  try {
    await client.request('GET', '/version', { timeoutMs: 15_000, countAs: 'get' });
    return undefined;
  } catch (err) {
    if (err instanceof KubeApiError) return undefined; // it answered: the command reports the rest
    return (
      `cannot reach the cluster at ${client.server} (${where}): ${(err as Error).message.replace(/^GET \/version: /, '')}\n` +
      'Nothing was compared. Check that the cluster is running and that --kubeconfig (or $KUBECONFIG) points at it; ' +
      '`ferry cluster up` starts a local one.'
    );
  } finally {
    client.close();
  }
}
