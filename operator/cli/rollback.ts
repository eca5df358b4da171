/**
 * `ferry rollback <env> --to <revision|history-index> [--reason TEXT]`: pin the environment to an
 * earlier revision of the deploy branch. It first shows what the rollback will change (the
 * environment's folder at the target against the branch head), then sets `spec.revision` and
 * `spec.pinReason` on the Environment and follows the operator until it has synced it. Auto-sync
 * of new commits is paused *visibly*: the pin is in `kubectl get environments` (message),
 * `ferry get environments` (PINNED), `ferry status` and the sync history; `ferry resume <env>`
 * unpins and syncs the branch head again.
 */
import { join } from 'node:path';
import { cacheDir } from '../config';
import { DeployInputError, formatFieldChange, formatMove, historyDiff } from '../deploy';
import { withCluster } from './connect';
import { readEnvironment, syncViaOperatorCommand, type EnvironmentFlags } from './environments';
import { EXIT, out, reportError } from './output';

export interface RollbackFlags extends EnvironmentFlags {
  readonly to: string;
  readonly reason?: string;
  /** Only show what would change. */
  readonly dryRun?: boolean;
}

export async function rollbackCommand(name: string, flags: RollbackFlags): Promise<number> {
  try {
    return await withCluster(flags.kubeconfig, undefined, async (kube) => {
      const env = await readEnvironment(kube, name, flags.namespace);
      if (!env) {
        process.stderr.write(
          `ferry rollback: no Environment "${name}" on this cluster (install the operator first)\n`,
        );
        return EXIT.invalid;
      }
      const source = {
        repo: env.spec.source.repo,
        branch: env.spec.source.branch ?? 'deploy',
        env: env.spec.source.path ?? name,
        auth: {},
        cacheDir: join(cacheDir(), 'history'),
      };
      const diff = await historyDiff({ ...source, rev: flags.to });
      const target = diff.from;
      out(
        `rollback ${name} to ${target.slice(0, 12)} (the branch head is ${diff.to.slice(0, 12)}); it will change:`,
      );
      for (const m of diff.images) out(`    image ${formatMove({ ...m, from: m.to, to: m.from })}`);
      const sign = { create: '-', change: '~', delete: '+' } as const;
      for (const o of diff.objects) {
        out(`  ${sign[o.action]} ${o.object}`);
        for (const f of o.fields)
          out(`      ${formatFieldChange({ path: f.path, before: f.after, after: f.before })}`);
      }
      if (!diff.objects.length) out('  nothing: the folder is the same at both revisions');
      if (flags.dryRun) return EXIT.ok;
      await kube.mergePatch(env, {
        spec: {
          revision: target,
          pinReason: flags.reason ?? `rolled back by ${process.env.USER ?? 'someone'}`,
        },
      });
      out(
        `${name} is pinned to ${target.slice(0, 12)}: new commits are not synced until \`ferry resume ${name}\``,
      );
      return EXIT.ok;
    }).then((code) => (code === EXIT.ok && !flags.dryRun ? syncViaOperatorCommand(name, flags) : code));
  } catch (err) {
    if (err instanceof DeployInputError) {
      process.stderr.write(`ferry rollback: ${err.message}\n`);
      return EXIT.invalid;
    }
    return reportError(err);
  }
}
