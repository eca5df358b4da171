/**
 * The CLI side of the operator, reading and nudging Environment resources:
 * `ferry get environments`, `ferry sync <env> --operator` (ask the operator to sync now and follow
 * it), `ferry suspend|resume <env>`.
 */
import type { KubeObjects } from '../adapters/kube';
import { sleep } from '../adapters/clock';
import {
  ENVIRONMENT_API_VERSION,
  ENVIRONMENT_GROUP,
  ENVIRONMENT_KIND,
  ENVIRONMENT_VERSION,
  SYNC_REQUEST_ANNOTATION,
  SYSTEM_NAMESPACE,
  type EnvironmentResource,
} from '../model';
import { withCluster } from './connect';
import { formatInfraStatus } from './infra-output';
import { EXIT, out, reportError, table } from './output';

export interface EnvironmentFlags {
  readonly kubeconfig?: string;
  readonly namespace?: string;
  /** For `sync --operator`: give up following after this long. */
  readonly timeout?: string;
}

const address = (name: string, namespace = SYSTEM_NAMESPACE) => ({
  apiVersion: ENVIRONMENT_API_VERSION,
  kind: ENVIRONMENT_KIND,
  metadata: { name, namespace },
});

function served(kube: KubeObjects): boolean {
  return !!kube.discovery.lookup(`${ENVIRONMENT_GROUP}/${ENVIRONMENT_VERSION}`, ENVIRONMENT_KIND);
}

const NOT_INSTALLED =
  'the Environment resource is not installed on this cluster: install the operator first (`ferry install --repo URL`)';

/** The Environment named `name`, or undefined (no CRD, or no such Environment). */
export async function readEnvironment(
  kube: KubeObjects,
  name: string,
  namespace?: string,
): Promise<EnvironmentResource | undefined> {
  if (!served(kube)) return undefined;
  return (await kube.get(address(name, namespace))) as unknown as EnvironmentResource | undefined;
}

function condition(env: EnvironmentResource, type: string): string {
  return env.status?.conditions?.find((c) => c.type === type)?.status ?? 'Unknown';
}

export async function getEnvironmentsCommand(flags: EnvironmentFlags): Promise<number> {
  try {
    return await withCluster(flags.kubeconfig, undefined, async (kube) => {
      const info = kube.discovery.lookup(`${ENVIRONMENT_GROUP}/${ENVIRONMENT_VERSION}`, ENVIRONMENT_KIND);
      if (!info) {
        process.stderr.write(`ferry: ${NOT_INSTALLED}\n`);
        return EXIT.failed;
      }
      const items = (await kube.list(
        info,
        flags.namespace ?? SYSTEM_NAMESPACE,
      )) as unknown as EnvironmentResource[];
      if (items.length === 0) {
        out(`no Environments in ${flags.namespace ?? SYSTEM_NAMESPACE}`);
        return EXIT.ok;
      }
      const rows = items
        .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
        .map((e) => [
          e.metadata.name,
          e.spec.suspend ? 'Suspended' : (e.status?.sync ?? 'Unknown'),
          e.status?.health ?? 'Unknown',
          (e.status?.revision ?? '').slice(0, 12) || '-',
          e.spec.revision ? `pinned ${e.spec.revision.slice(0, 12)}` : '-',
          e.status?.message ?? '',
        ]);
      table([['NAME', 'SYNC', 'HEALTH', 'REVISION', 'PINNED', 'MESSAGE'], ...rows]).forEach((l) => out(l));
      return EXIT.ok;
    });
  } catch (err) {
    return reportError(err);
  }
}

/** Print an Environment's status: conditions, revision, history, objects not healthy. */
export function printEnvironmentStatus(env: EnvironmentResource): void {
  const s = env.status ?? {};
  out(
    `environment ${env.metadata.name}: sync ${s.sync ?? 'Unknown'}, health ${s.health ?? 'Unknown'}, ` +
      `revision ${s.revision ?? '(none yet)'}${env.spec.suspend ? ', SUSPENDED' : ''}`,
  );
  if (s.pinned)
    out(
      `pinned to ${s.pinned.revision}${s.pinned.reason ? ` (${s.pinned.reason})` : ''}: new commits are not synced`,
    );
  if (s.message) out(`message: ${s.message}`);
  if (s.infra) out(formatInfraStatus(s.infra));
  for (const c of s.conditions ?? []) out(`  ${c.type}=${c.status} ${c.reason}: ${c.message.split('\n')[0]}`);
  if (s.history?.length) {
    out();
    table([
      ['REVISION', 'FINISHED', 'RESULT', 'WRITES', 'PRUNED', 'MESSAGE'],
      ...s.history.map((h) => [
        h.revision.slice(0, 12),
        h.finished,
        h.result,
        String(h.writes),
        String(h.pruned),
        h.message,
      ]),
    ]).forEach((l) => out(l));
  }
  if (s.resources?.unhealthy.length) {
    out();
    table([
      ['OBJECT', 'HEALTH', 'MESSAGE'],
      ...s.resources.unhealthy.map((r) => [
        `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`,
        r.status,
        r.message ?? '',
      ]),
    ]).forEach((l) => out(l));
  }
}

/** Run `fn` with the Environment `name`; exit 2 naming why when there is none. */
function withEnvironment(
  name: string,
  flags: EnvironmentFlags,
  fn: (kube: KubeObjects, env: EnvironmentResource) => Promise<number>,
): Promise<number> {
  return withCluster(flags.kubeconfig, undefined, async (kube) => {
    const env = await readEnvironment(kube, name, flags.namespace);
    if (env) return fn(kube, env);
    process.stderr.write(`ferry: no Environment "${name}" (${served(kube) ? 'not found' : NOT_INSTALLED})\n`);
    return EXIT.invalid;
  });
}

export async function syncViaOperatorCommand(name: string, flags: EnvironmentFlags): Promise<number> {
  try {
    return await withEnvironment(name, flags, async (kube, env) => {
      const asked = new Date().toISOString();
      await kube.mergePatch(env, { metadata: { annotations: { [SYNC_REQUEST_ANNOTATION]: asked } } });
      out(`asked the operator to sync ${name} (${SYNC_REQUEST_ANNOTATION}=${asked}); following…`);
      const deadline = Date.now() + (flags.timeout ? Number.parseInt(flags.timeout, 10) * 1000 : 600_000);
      let last = '';
      while (Date.now() < deadline) {
        const now = await readEnvironment(kube, name, flags.namespace);
        const line = `${now?.status?.sync ?? 'Unknown'} / ${now?.status?.health ?? 'Unknown'}: ${now?.status?.message ?? ''}`;
        if (line !== last) out(`  ${line}`);
        last = line;
        if (now?.status?.lastHandledRequest === asked && condition(now, 'Reconciling') !== 'True') {
          printEnvironmentStatus(now);
          return condition(now, 'Ready') === 'True' ? EXIT.ok : EXIT.failed;
        }
        await sleep(1000);
      }
      process.stderr.write(
        'ferry: the operator did not report the sync in time; is it running? (`kubectl get pods -n ferry-system`)\n',
      );
      return EXIT.failed;
    });
  } catch (err) {
    return reportError(err);
  }
}

export async function suspendCommand(
  name: string,
  suspend: boolean,
  flags: EnvironmentFlags,
): Promise<number> {
  try {
    return await withEnvironment(name, flags, async (kube, env) => {
      if (suspend) {
        await kube.mergePatch(env, { spec: { suspend: true } });
        out(`${name} suspended: the operator writes nothing until \`ferry resume ${name}\``);
        return EXIT.ok;
      }
      // Resume also unpins (a rollback): the environment follows the branch head again.
      await kube.mergePatch(env, { spec: { suspend: false, revision: null, pinReason: null } });
      const was = env.spec.revision
        ? `; unpinned from ${env.spec.revision.slice(0, 12)}, back to the branch head`
        : '';
      out(`${name} resumed${was}`);
      return EXIT.ok;
    });
  } catch (err) {
    return reportError(err);
  }
}
