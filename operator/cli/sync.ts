/**
 * `ferry sync <env>`: one sync, with progress, a summary table and an exit code for the result.
 * A sync someone typed is an explicit request: when the folder's infra description changed, its
 * stack is brought `up` first (whatever `syncPolicy.automated` says), with the backend and
 * passphrase `ferry infra` uses (`--backend`, PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE[_FILE]).
 */
import { resolveSyncConfig, type SyncFlags } from '../config';
import { resolveInfraSettings } from '../config/infra';
import { syncEnvironment } from '../reconcile';
import { writeCount } from '../adapters/kube';
import { INPUT_STAGES } from '../model';
import { withCluster, interruptSignal } from './connect';
import { builtTools, changeSummary, infraPrinter } from './infra-output';
import { EXIT, out, Progress, reportError } from './output';

export interface SyncCommandFlags extends SyncFlags {
  /** Pulumi state backend of the infra gate (default: $PULUMI_BACKEND_URL, else the cache's file backend). */
  readonly backend?: string;
}

export async function syncCommand(env: string, flags: SyncCommandFlags): Promise<number> {
  const interrupt = interruptSignal();
  try {
    const base = resolveSyncConfig(env, flags);
    const cfg = {
      ...base,
      infra: resolveInfraSettings({ backend: flags.backend, kubeconfig: base.kubeconfig }, builtTools()),
    };
    const progress = new Progress();
    const printInfra = infraPrinter('up');
    const result = await withCluster(cfg.kubeconfig, cfg.retry, (kube) =>
      syncEnvironment(
        {
          kube,
          emit: (e) => (e.type === 'infra' ? printInfra(e.event) : progress.on(e)),
          signal: interrupt.signal,
        },
        cfg,
      ),
    );
    if (result.infra && result.infra.result !== 'skipped') {
      out(`infra: ${result.infra.result}, ${changeSummary(result.infra.changes, 'up')}`);
    }
    const summary = progress.summary();
    if (summary.length) {
      out();
      summary.forEach((l) => out(l));
    }
    out();
    const c = result.requests;
    const where = result.stage ? ` [${result.stage}]` : '';
    const line =
      `${result.result === 'failed' ? `FAILED${where}` : 'OK'}: ${result.message} ` +
      `(${(result.durationMs / 1000).toFixed(1)}s; ${writeCount(c)} writes, ${c.dryRun} dry runs, ${c.get + c.list} reads` +
      `${c.retries ? `, ${c.retries} retried` : ''})`;
    if (result.result === 'failed') process.stderr.write(`${line}\n`);
    else out(line);
    if (result.result !== 'failed') return EXIT.ok;
    return result.stage && INPUT_STAGES.has(result.stage) ? EXIT.invalid : EXIT.failed;
  } catch (err) {
    return reportError(err);
  } finally {
    interrupt.dispose();
  }
}
