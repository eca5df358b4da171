/** `ferry diff <env>`: what a sync would create, change and prune. Exit 0 when in sync, 1 when not. */
import { resolveSyncConfig, type SyncFlags } from '../config';
import { diffEnvironment } from '../reconcile';
import { formatChange } from '../apply';
import { formatRef } from '../model';
import { EXIT, out, reportError } from './output';

export async function diffCommand(env: string, flags: SyncFlags): Promise<number> {
  try {
    const cfg = resolveSyncConfig(env, { ...flags, prune: true });
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
