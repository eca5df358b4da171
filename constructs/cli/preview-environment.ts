/**
 * The cluster side of a preview: `ferry preview open --kubeconfig K` creates (or updates) the
 * preview's Environment — `deletionPolicy: Delete`, a TTL (`ferry.dev/expires-at`, default 7
 * days, pushed forward by every open) and the label `ferry.dev/preview` — so the operator syncs
 * it; `close` deletes it, and the operator then deletes everything the preview owned, namespace
 * included. When the TTL passes, the operator deletes the Environment itself and says so.
 */
import type { Environment } from '../environment';
import { environmentSpec } from '../operator/environment-object';
import { connect } from '../../operator/reconcile';
import { readClusterRecord } from '../../operator/inventory';
import {
  ENVIRONMENT_API_VERSION,
  ENVIRONMENT_KIND,
  EXPIRES_ANNOTATION,
  PREVIEW_LABEL,
  SYSTEM_NAMESPACE,
} from '../../operator/model';
import { parseDuration } from '../../operator/config';

export interface PreviewCluster {
  readonly kubeconfig: string;
  /** How long the preview lives without a new `open`. @default '7d' */
  readonly ttl?: string;
}

const address = (name: string) => ({
  apiVersion: ENVIRONMENT_API_VERSION,
  kind: ENVIRONMENT_KIND,
  metadata: { name, namespace: SYSTEM_NAMESPACE },
});

/** Create or update the preview's Environment; returns when it expires. */
export async function openPreviewEnvironment(
  env: Environment,
  source: { repo: string; branch: string },
  cluster: PreviewCluster,
  branch: string,
): Promise<Date> {
  const kube = await connect(cluster.kubeconfig);
  try {
    const record = await readClusterRecord(kube);
    const expires = new Date(Date.now() + parseDuration(cluster.ttl ?? '7d', '--ttl'));
    const spec = environmentSpec(env, source, record.name ?? env.destination.cluster);
    await kube.apply(
      {
        ...address(env.name),
        metadata: {
          ...address(env.name).metadata,
          labels: { [PREVIEW_LABEL]: 'true' },
          annotations: { [EXPIRES_ANNOTATION]: expires.toISOString(), 'ferry.dev/preview-branch': branch },
        },
        spec: { ...spec, deletionPolicy: 'Delete' },
      },
      { force: true },
    );
    return expires;
  } finally {
    kube.client.close();
  }
}

/** Delete the preview's Environment (the operator removes what it owned); false when absent. */
export async function closePreviewEnvironment(name: string, kubeconfig: string): Promise<boolean> {
  const kube = await connect(kubeconfig);
  try {
    return await kube.delete(address(name), 'Background');
  } finally {
    kube.client.close();
  }
}
