/**
 * `ferry infra preview <env>` and `ferry infra up <env>`: the environment's Pulumi stack, from the
 * infra description in its deploy folder (`--dir dist/<env>` or `--repo`), through the same step the
 * sync runs (`runInfraStep`: child process, one operation per environment, stale locks cleared).
 *
 * Progress: one line per resource step, then a change summary. Exit codes: preview 0 when nothing
 * would change, 1 when something would (or it failed); up 0 when the stack is up to date afterwards,
 * 1 when it failed; both 2 for bad input (flags, configuration, an invalid description).
 */
import { join } from 'node:path';
import { resolveInfraConfig, type InfraFlags } from '../config/infra';
import { runInfraStep } from '../infra';
import { fetchSnapshot } from '../reconcile';
import { formatInfraResource, type InfraMode } from '../model';
import { builtTools, changeSummary, infraPrinter, onPath } from './infra-output';
import { EXIT, out, reportError } from './output';

export interface InfraCommandFlags extends InfraFlags {
  readonly refresh?: boolean;
  /** `destroy` only: the user confirmed. */
  readonly yes?: boolean;
}

export async function infraCommand(mode: InfraMode, env: string, flags: InfraCommandFlags): Promise<number> {
  try {
    if (mode === 'destroy' && !flags.yes) {
      process.stderr.write(
        `ferry: infra destroy deletes every resource of ${env}'s stack (databases included) and removes the stack; ` +
          'run it again with --yes if that is what you want\n',
      );
      return EXIT.invalid;
    }
    const cfg = resolveInfraConfig(env, flags, builtTools());
    if (!cfg.runtime.pulumiBinDir && !onPath('pulumi')) {
      process.stderr.write(
        'ferry: no pulumi CLI: run `npm run tools` (builds it into the tools cache) or install pulumi on PATH\n',
      );
      return EXIT.invalid;
    }
    const snapshot = await fetchSnapshot(cfg);
    const abort = new AbortController();
    const stop = () => abort.abort(new Error('interrupted'));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const result = await runInfraStep({
      env,
      infraDir: join(snapshot.dir, 'infra'),
      mode,
      backend: cfg.backend,
      runtime: cfg.runtime,
      ...(cfg.kubeconfig ? { kubeconfig: cfg.kubeconfig } : {}),
      refresh: flags.refresh ?? false,
      signal: abort.signal,
      emit: infraPrinter(mode),
      timeoutMs: cfg.timeoutMs,
    }).finally(() => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    });
    out();
    const took = `${(result.durationMs / 1000).toFixed(1)}s`;
    if (result.result === 'failed') {
      const at = result.failedResource ? ` (at ${formatInfraResource(result.failedResource)})` : '';
      out(`FAILED: infra ${mode} of ${env}${at}: ${result.message} (${took})`);
      return EXIT.failed;
    }
    out(
      `${mode === 'preview' && result.changed ? 'CHANGES' : 'OK'}: infra ${mode} of ${env} at ${snapshot.revision.startsWith('local:') ? snapshot.revision : snapshot.revision.slice(0, 12)}: ${changeSummary(result.changes, mode)} (${took})`,
    );
    const outputs = Object.entries(result.outputs);
    if (mode === 'up' && outputs.length) for (const [k, v] of outputs) out(`  ${k}: ${JSON.stringify(v)}`);
    return mode === 'preview' && result.changed ? EXIT.failed : EXIT.ok;
  } catch (err) {
    return reportError(err);
  }
}
