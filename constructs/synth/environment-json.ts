import type { Environment } from '../environment';
import { ENVIRONMENT_SCHEMA_VERSION, INFRA_FILE, type InfraDescription } from '../../operator/model';

/** 2: the infra needs moved to the infra description; `infra` names its stack, target and file. */
export const SCHEMA_VERSION = ENVIRONMENT_SCHEMA_VERSION;

/** environment.json: pretty JSON, keys in the order of the deploy-format contract. */
export function environmentJson(
  env: Environment,
  sourceCommit: string | null,
  infra: InfraDescription,
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
    infra: { stack: infra.stack, target: infra.target.kind, file: INFRA_FILE },
    manifests,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
