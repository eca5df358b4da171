/** The cluster connection of one CLI command: opened once, closed when the command ends. */
import type { KubeObjects } from '../adapters/kube';
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
