/**
 * `ferry diff <env>`: what a sync would create, change and prune. Exit 0 when in sync, 1 when
 * not, 2 on bad input — including a rejected object, and a cluster that cannot be reached
 * (nothing was compared).
 */
import { resolveSyncConfig, type SyncFlags } from '../config';
import { diffEnvironment } from '../reconcile';
import { formatChange } from '../apply';
import { formatRef } from '../model';
import { unreachableCluster, withCluster } from './connect';
import { EXIT, out, reportError } from './output';

const SIGN = { create: '+', change: '~', recreate: '±', prune: '-', rejected: '!' } as const;
const NOTE = {
  create: '',
  change: '',
  recreate: ' (recreate: delete and create)',
  prune: ' (prune: owned, no longer desired)',
  rejected: ' (rejected by the API server)',
} as const;

export async function diffCommand(env: string, flags: SyncFlags): Promise<number> {
  try {
    const cfg = resolveSyncConfig(env, flags);
    const down = await unreachableCluster(cfg.kubeconfig);
    if (down) {
      process.stderr.write(`ferry: ${down}\n`);
      return EXIT.invalid;
    }
    const diff = await withCluster(cfg.kubeconfig, cfg.retry, (kube) => diffEnvironment(kube, cfg));
    for (const w of diff.warnings) out(`warning: ${w}`);
    if (diff.infra?.changed) {
      out(
        `~ infra stack ${diff.infra.stack}: the description changed since the last successful up; ` +
          `a sync brings it up first (\`ferry infra preview ${env}\` shows the plan)`,
      );
    }
    if (diff.entries.length === 0 && diff.infra?.changed) return EXIT.failed;
    if (diff.entries.length === 0) {
      out(`${env} is in sync with ${diff.revision.slice(0, 12)}: no changes`);
      return EXIT.ok;
    }
    for (const e of diff.entries) {
      out(
        `${SIGN[e.action]} ${formatRef(e.ref)}${NOTE[e.action]}${e.action === 'prune' && diff.pruneDisabled ? ' — kept: pruning is disabled' : ''}`,
      );
      if (e.note) out(`    ${e.note}`);
      if (e.conflict) out(`    ! ${e.conflict}`);
      for (const c of e.changes) out(`    ${formatChange(c)}`);
    }
    const n = (a: string) => diff.entries.filter((e) => e.action === a).length;
    out();
    out(
      `${n('create')} to create, ${n('change')} to change, ${n('recreate')} to recreate, ${n('prune')} to prune` +
        `${n('rejected') ? `, ${n('rejected')} rejected` : ''} (at ${diff.revision.slice(0, 12)})`,
    );
    return n('rejected') ? EXIT.invalid : EXIT.failed;
  } catch (err) {
    return reportError(err);
  }
}
