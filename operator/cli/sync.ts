/** `ferry sync <env>`: one sync, with progress, a summary table and an exit code for the result. */
import { resolveSyncConfig, type SyncFlags } from '../config';
import { syncEnvironment } from '../reconcile';
import { writeCount } from '../adapters/kube';
import { INPUT_STAGES } from '../model';
import { withCluster, interruptSignal } from './connect';
import { EXIT, out, Progress, reportError } from './output';

export async function syncCommand(env: string, flags: SyncFlags): Promise<number> {
  const interrupt = interruptSignal();
  try {
    const cfg = resolveSyncConfig(env, flags);
    const progress = new Progress();
    const result = await withCluster(cfg.kubeconfig, cfg.retry, (kube) =>
      syncEnvironment({ kube, emit: progress.on, signal: interrupt.signal }, cfg),
    );
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
