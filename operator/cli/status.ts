/**
 * `ferry status <env>`: the revision last synced and each owned object's health. With --repo or
 * --dir, also each object's sync state against that source (Synced, OutOfSync, Missing, or
 * Extra for owned objects no longer desired). Exit 0 when healthy (and synced), 1 otherwise.
 */
import { resolveSyncConfig, type SyncFlags } from '../config';
import { diffEnvironment, environmentStatus } from '../reconcile';
import { worstOf } from '../health';
import { formatRef, infraStatusOf, refKey } from '../model';
import { withCluster } from './connect';
import { printEnvironmentStatus, readEnvironment } from './environments';
import { formatInfraStatus } from './infra-output';
import { EXIT, out, reportError, table } from './output';

const SYNC_STATE = {
  create: 'Missing',
  change: 'OutOfSync',
  recreate: 'OutOfSync',
  prune: 'Extra',
  rejected: 'Rejected',
} as const;

export async function statusCommand(env: string, flags: SyncFlags): Promise<number> {
  try {
    const withSource = Boolean(flags.repo || flags.dir);
    const cfg = withSource ? resolveSyncConfig(env, { ...flags, prune: true }) : undefined;
    const { diff, st, resource } = await withCluster(flags.kubeconfig, cfg?.retry, async (kube) => ({
      diff: cfg ? await diffEnvironment(kube, cfg) : undefined,
      st: await environmentStatus(kube, env),
      resource: cfg ? undefined : await readEnvironment(kube, env).catch(() => undefined),
    }));
    if (resource) {
      // The operator runs this environment: its status is the truth (sync, health, history).
      printEnvironmentStatus(resource);
      const ready = resource.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      return ready && resource.status?.sync === 'Synced' ? EXIT.ok : EXIT.failed;
    }
    if (!st.synced) {
      out(
        `${env} has never been synced to this cluster (no inventory). Run \`ferry sync ${env} --repo URL\`.`,
      );
      return EXIT.failed;
    }
    const state = new Map((diff?.entries ?? []).map((e) => [refKey(e.ref), SYNC_STATE[e.action]]));
    const overall = worstOf(st.objects.map((o) => o.health));
    const outOfSync = diff ? diff.entries.length > 0 || diff.infra?.changed === true : false;
    const sync = diff ? (outOfSync ? 'OutOfSync' : 'Synced') : 'unknown (pass --repo or --dir)';
    out(`environment ${env}: revision ${st.revision ?? '(unknown)'}, health ${overall.status}, sync ${sync}`);
    if (st.infra) out(formatInfraStatus(infraStatusOf(st.infra)));
    if (diff?.infra?.changed) out(`infra: the description changed since the last successful up`);
    const op = st.operation;
    if (op) {
      const hooks = op.hooks.length
        ? `; hooks: ${op.hooks.map((h) => `${h.ref.split('/').slice(1).join('/')} ${h.result}`).join(', ')}`
        : '';
      out(
        `last sync: ${op.phase} at ${op.revision.slice(0, 12)} (started ${op.startedAt}${op.finishedAt ? `, finished ${op.finishedAt}` : ''})` +
          `${op.stage ? ` in stage ${op.stage}` : ''}: ${op.message.split('\n')[0]}${hooks}`,
      );
    }
    out();
    const header = diff ? ['OBJECT', 'SYNC', 'HEALTH', 'MESSAGE'] : ['OBJECT', 'HEALTH', 'MESSAGE'];
    const rows = st.objects.map((o) => {
      const cells = [formatRef(o.ref), o.health.status, o.health.message];
      return diff ? [cells[0]!, state.get(refKey(o.ref)) ?? 'Synced', ...cells.slice(1)] : cells;
    });
    for (const e of diff?.entries ?? []) {
      if (!st.objects.some((o) => refKey(o.ref) === refKey(e.ref)))
        rows.push([formatRef(e.ref), SYNC_STATE[e.action], 'NotFound', '-']);
    }
    table([header, ...rows]).forEach((l) => out(l));
    const healthy = overall.status === 'Current' || overall.status === 'Suspended';
    const lastOk = !op || op.phase === 'Succeeded';
    return healthy && lastOk && !outOfSync ? EXIT.ok : EXIT.failed;
  } catch (err) {
    return reportError(err);
  }
}
