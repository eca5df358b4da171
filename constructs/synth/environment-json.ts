import type { Environment } from '../environment';

export const SCHEMA_VERSION = 1;

/** environment.json: pretty JSON, keys in the order of the deploy-format contract. */
export function environmentJson(
  env: Environment,
  sourceCommit: string | null,
  needs: ReadonlyArray<Record<string, unknown>>,
  manifests: readonly string[],
): string {
  const doc = {
    schemaVersion: SCHEMA_VERSION,
    name: env.name,
    sourceCommit,
    destination: { cluster: env.destination.cluster, namespace: env.destination.namespace },
    syncPolicy: {
      automated: env.syncPolicy.automated,
      prune: env.syncPolicy.prune,
      selfHeal: env.syncPolicy.selfHeal,
      allowEmpty: env.syncPolicy.allowEmpty,
    },
    infra: { stack: env.infraStack(), needs },
    manifests,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
