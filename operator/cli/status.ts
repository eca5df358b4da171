/** `ferry status <env>`: revision synced and per-object health. Exit 1 when anything is unhealthy. */
import { environmentStatus } from '../reconcile';
import { worstOf } from '../health';
import { formatRef } from '../model';
import { EXIT, out, reportError, table } from './output';

export async function statusCommand(env: string, opts: { kubeconfig?: string }): Promise<number> {
  try {
    const st = await environmentStatus(env, opts.kubeconfig);
    if (!st.synced) {
      out(
        `${env} has never been synced to this cluster (no inventory). Run \`ferry sync ${env} --repo URL\`.`,
      );
      return EXIT.failed;
    }
    const overall = worstOf(st.objects.map((o) => o.health));
    out(`environment ${env}: revision ${st.revision ?? '(unknown)'}, health ${overall.status}`);
    out();
    table([
      ['OBJECT', 'HEALTH', 'MESSAGE'],
      ...st.objects.map((o) => [formatRef(o.ref), o.health.status, o.health.message]),
    ]).forEach((l) => out(l));
    return overall.status === 'Current' || overall.status === 'Suspended' ? EXIT.ok : EXIT.failed;
  } catch (err) {
    return reportError(err);
  }
}
