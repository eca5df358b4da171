/**
 * `ferry install --repo URL [--branch deploy] --kubeconfig K`: bootstrap a cluster by syncing the
 * `ferry-system` folder of the deploy branch once — the operator's own install (CRD, RBAC,
 * Deployment) and one Environment per environment. The cluster records the repository and branch,
 * so every Environment it installs reads them (whatever the TypeScript declared): a deploy branch
 * can be tried from a local bare repository. From then on the operator reconciles `ferry-system`
 * itself: upgrades of itself and new environments arrive by commit.
 */
import { recordCluster, readClusterRecord } from '../inventory';
import { loadEnvironmentFolder } from '../manifests';
import { resolveSyncConfig, type SyncFlags } from '../config';
import { fetchSnapshot, syncEnvironment } from '../reconcile';
import { INPUT_STAGES, SYSTEM_NAMESPACE } from '../model';
import { writeCount } from '../adapters/kube';
import { withCluster } from './connect';
import { EXIT, out, Progress, reportError } from './output';

export interface InstallFlags extends SyncFlags {
  readonly clusterName?: string;
}

export async function installCommand(flags: InstallFlags): Promise<number> {
  try {
    if (!flags.repo) {
      process.stderr.write(
        'ferry install: pass --repo URL (the deploy repository holding the ferry-system folder)\n',
      );
      return EXIT.invalid;
    }
    const cfg = { ...resolveSyncConfig(SYSTEM_NAMESPACE, flags), prune: true };
    const snapshot = await fetchSnapshot(cfg);
    const folder = await loadEnvironmentFolder(snapshot.dir, { expectedName: SYSTEM_NAMESPACE });
    return await withCluster(cfg.kubeconfig, cfg.retry, async (kube) => {
      const recorded = await readClusterRecord(kube);
      const name = flags.clusterName ?? recorded.name ?? folder.environment.destination.cluster;
      if (!recorded.name || flags.clusterName)
        out(`recording the cluster at ${kube.client.server} as "${name}"`);
      await recordCluster(kube, { name, repo: flags.repo, branch: cfg.source.branch });
      const progress = new Progress();
      const result = await syncEnvironment({ kube, snapshot, emit: progress.on }, cfg);
      out();
      const c = result.requests;
      if (result.result === 'failed') {
        process.stderr.write(`FAILED [${result.stage}]: ${result.message}\n`);
        return result.stage && INPUT_STAGES.has(result.stage) ? EXIT.invalid : EXIT.failed;
      }
      out(`OK: ${result.message} (${writeCount(c)} writes)`);
      out(
        `The operator now reconciles ${SYSTEM_NAMESPACE} and every Environment from ${flags.repo}#${cfg.source.branch}.\n` +
          `  kubectl get environments -n ${SYSTEM_NAMESPACE}${cfg.kubeconfig ? ` --kubeconfig ${cfg.kubeconfig}` : ''}`,
      );
      return EXIT.ok;
    });
  } catch (err) {
    return reportError(err);
  }
}
