/**
 * `ferry diff <env>`: what a sync would create, change and prune. Exit 0 when in sync, 1 when
 * not, 2 on bad input — including a cluster that cannot be reached (nothing was compared).
 */
import { resolveSyncConfig, type SyncFlags } from '../config';
import { diffEnvironment } from '../reconcile';
import { formatChange } from '../apply';
import { KubeApiError, KubeClient } from '../adapters/kube';
import { formatRef } from '../model';
import { EXIT, out, reportError } from './output';

/** Connects once (GET /version) so an unreachable cluster is said plainly, before any work. */
async function unreachable(kubeconfig: string | undefined): Promise<string | undefined> {
  const where = `kubeconfig ${kubeconfig ?? '$KUBECONFIG or ~/.kube/config'}`;
  let client: KubeClient;
  try {
    client = await KubeClient.fromKubeconfig(kubeconfig);
  } catch (err) {
    return (err as Error).message;
  }
  try {
    await client.request('GET', '/version', { timeoutMs: 15_000, countAs: 'get' });
    return undefined;
  } catch (err) {
    if (err instanceof KubeApiError) return undefined; // it answered: the diff reports the rest
    return (
      `cannot reach the cluster at ${client.server} (${where}): ${(err as Error).message.replace(/^GET \/version: /, '')}\n` +
      'Nothing was compared. Check that the cluster is running and that --kubeconfig (or $KUBECONFIG) points at it; ' +
      '`ferry cluster up` starts a local one.'
    );
  } finally {
    client.close();
  }
}

export async function diffCommand(env: string, flags: SyncFlags): Promise<number> {
  try {
    const cfg = resolveSyncConfig(env, { ...flags, prune: true });
    const down = await unreachable(cfg.kubeconfig);
    if (down) {
      process.stderr.write(`ferry: ${down}\n`);
      return EXIT.invalid;
    }
    const diff = await diffEnvironment(cfg);
    if (diff.entries.length === 0) {
      out(`${env} is in sync with ${diff.revision.slice(0, 12)}: no changes`);
      return EXIT.ok;
    }
    const sign = { create: '+', change: '~', prune: '-' } as const;
    for (const e of diff.entries) {
      out(
        `${sign[e.action]} ${formatRef(e.ref)}${e.action === 'prune' ? ' (prune: owned, no longer desired)' : ''}`,
      );
      if (e.conflict) out(`    ! ${e.conflict}`);
      for (const c of e.changes) out(`    ${formatChange(c)}`);
    }
    const n = (a: string) => diff.entries.filter((e) => e.action === a).length;
    out();
    out(
      `${n('create')} to create, ${n('change')} to change, ${n('prune')} to prune (at ${diff.revision.slice(0, 12)})`,
    );
    return EXIT.failed;
  } catch (err) {
    return reportError(err);
  }
}
