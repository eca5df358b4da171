/**
 * `ferry infra preview <env>` and `ferry infra up <env>`: the environment's Pulumi stack, from the
 * infra description in its deploy folder (`--dir dist/<env>` or `--repo`), through the same step the
 * sync runs (`runInfraStep`: child process, one operation per environment, stale locks cleared).
 *
 * Progress: one line per resource step, then a change summary. Exit codes: preview 0 when nothing
 * would change, 1 when something would (or it failed); up 0 when the stack is up to date afterwards,
 * 1 when it failed; both 2 for bad input (flags, configuration, an invalid description).
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { resolveInfraConfig, type InfraFlags, type ToolDefaults } from '../config/infra';
import { runInfraStep } from '../infra';
import { fetchSnapshot } from '../reconcile';
import {
  formatInfraResource,
  type InfraChanges,
  type InfraEvent,
  type InfraMode,
  type InfraOp,
} from '../model';
import { EXIT, out, reportError } from './output';
import type * as Toolchain from '../../tools/cluster/toolchain';

export interface InfraCommandFlags extends InfraFlags {
  readonly refresh?: boolean;
}

/** tools/build.sh's pulumi toolchain, when it is built (loaded on demand: tools/ is not product code). */
function builtTools(): ToolDefaults | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { toolchain } = require('../../tools/cluster/toolchain') as typeof Toolchain;
  const tc = toolchain();
  if (!existsSync(join(tc.pulumiBinDir, 'pulumi'))) return undefined;
  return {
    pulumiBinDir: tc.pulumiBinDir,
    pulumiHome: tc.pulumiHome,
    kubernetesProviderVersion: tc.versions.pulumiKubernetesBuild,
  };
}

function onPath(bin: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, bin)));
}

const PAST: Partial<Record<InfraOp, string>> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  replace: 'replaced',
  'create-replacement': 'created',
  'delete-replaced': 'deleted',
  read: 'read',
  refresh: 'refreshed',
};
const SIGN: Partial<Record<InfraOp, string>> = {
  create: '+',
  update: '~',
  delete: '-',
  replace: '+-',
  'create-replacement': '++',
  'delete-replaced': '--',
};

/** One line per step that changes something; diagnostics as they come. */
function printer(mode: InfraMode): (e: InfraEvent) => void {
  return (e) => {
    switch (e.type) {
      case 'infra-started':
        out(`infra ${e.mode} of ${e.env} (stack ${e.stack})`);
        break;
      case 'infra-skipped':
        out(`infra of ${e.env}: skipped, ${e.reason}`);
        break;
      case 'infra-lock-cleared':
        out(`  cleared a stale lock of ${e.env}: ${e.lock} (${e.reason})`);
        break;
      case 'infra-resource': {
        if (e.op === 'same' || (e.op === 'read' && e.status !== 'failed')) break;
        // Default providers are Pulumi's plumbing; its own display hides them too.
        if (e.resource.type.startsWith('pulumi:providers:') && e.resource.name === 'default') break;
        const what = formatInfraResource(e.resource);
        const keys = e.keys?.length ? ` [${e.keys.join(', ')}]` : '';
        if (e.status === 'planned')
          out(`  ${(SIGN[e.op] ?? e.op).padEnd(2)} ${e.op.padEnd(8)} ${what}${keys}`);
        else if (e.status === 'started' && mode === 'up')
          out(`  ${`${e.op.replace(/e$/, '')}ing`.padEnd(10)} ${what}${keys}`);
        else if (e.status === 'done') out(`  ${(PAST[e.op] ?? e.op).padEnd(10)} ${what}`);
        else if (e.status === 'failed') out(`  ${'FAILED'.padEnd(10)} ${what} (${e.op})`);
        break;
      }
      case 'infra-diagnostic':
        if (e.severity !== 'info') {
          const where =
            e.resource && e.resource.type !== 'pulumi:pulumi:Stack'
              ? ` ${formatInfraResource(e.resource)}:`
              : '';
          out(`  ${e.severity}:${where} ${e.message.split('\n').join('\n    ')}`);
        }
        break;
      case 'infra-finished':
        break;
    }
  };
}

/** `3 to create, 1 to update, 9 unchanged` / `3 created, 9 unchanged`. */
export function changeSummary(changes: InfraChanges, mode: InfraMode): string {
  const verbs: [InfraOp, string, string][] = [
    ['create', 'to create', 'created'],
    ['update', 'to update', 'updated'],
    ['replace', 'to replace', 'replaced'],
    ['delete', 'to delete', 'deleted'],
  ];
  const parts = verbs
    .filter(([op]) => (changes[op] ?? 0) > 0)
    .map(([op, future, past]) => `${changes[op]} ${mode === 'preview' ? future : past}`);
  parts.push(`${changes.same ?? 0} unchanged`);
  return parts.join(', ');
}

export async function infraCommand(mode: InfraMode, env: string, flags: InfraCommandFlags): Promise<number> {
  try {
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
      emit: printer(mode),
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
