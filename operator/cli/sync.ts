/** `ferry sync <env>`: one sync, with progress, a summary table and an exit code for the result. */
import { resolveSyncConfig, type SyncFlags } from '../config';
import { syncEnvironment } from '../reconcile';
import { writeCount } from '../adapters/kube';
import { EXIT, out, Progress, reportError } from './output';

export async function syncCommand(env: string, flags: SyncFlags): Promise<number> {
  try {
    const cfg = resolveSyncConfig(env, flags);
    const progress = new Progress();
    const result = await syncEnvironment(cfg, { emit: progress.on });
    const summary = progress.summary();
    if (summary.length) {
      out();
      summary.forEach((l) => out(l));
    }
    out();
    const c = result.requests;
    out(
      `${result.result === 'failed' ? 'FAILED' : 'OK'}: ${result.message} ` +
        `(${(result.durationMs / 1000).toFixed(1)}s; ${writeCount(c)} writes, ${c.dryRun} dry runs, ${c.get + c.list} reads)`,
    );
    return result.result === 'failed' ? EXIT.failed : EXIT.ok;
  } catch (err) {
    return reportError(err);
  }
}
