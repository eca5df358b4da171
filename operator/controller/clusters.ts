/**
 * Where an Environment is applied: `in-cluster` is the operator's own cluster; any other name is a
 * Secret in ferry-system labelled `ferry.dev/cluster` whose `kubeconfig` key reaches another API
 * server. Clients are kept per Secret and rebuilt when the Secret changes.
 */
import { Discovery, KubeClient, KubeObjects, type ClientOptions } from '../adapters/kube';
import type { RetryConfig } from '../config';
import { CLUSTER_SECRET_LABEL, FerryError, IN_CLUSTER } from '../model';

export class ClusterUnavailableError extends FerryError {}

export class Clusters {
  private readonly remote = new Map<string, { version: string; kube: KubeObjects }>();

  constructor(
    private readonly own: KubeObjects,
    private readonly namespace: string,
    private readonly retry: RetryConfig,
    private readonly clientOptions: ClientOptions = {},
  ) {}

  /** The client of `name` as last built, without a request (undefined before the first `get`). */
  current(name: string): KubeObjects | undefined {
    return name === IN_CLUSTER ? this.own : this.remote.get(name)?.kube;
  }

  async get(name: string, signal?: AbortSignal): Promise<KubeObjects> {
    if (name === IN_CLUSTER) return this.own;
    const secret = await this.own.get(
      { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: this.namespace } },
      signal,
    );
    const where = `Secret ${this.namespace}/${name}`;
    if (!secret) {
      throw new ClusterUnavailableError(
        `destination cluster "${name}" is unknown: create ${where} with label ${CLUSTER_SECRET_LABEL} and a ` +
          '`kubeconfig` key, or use `in-cluster`',
      );
    }
    if (secret.metadata.labels?.[CLUSTER_SECRET_LABEL] === undefined) {
      throw new ClusterUnavailableError(
        `${where} is not a cluster secret: it lacks the label ${CLUSTER_SECRET_LABEL}`,
      );
    }
    const encoded = (secret.data as Record<string, string> | undefined)?.kubeconfig;
    if (!encoded) throw new ClusterUnavailableError(`${where} has no \`kubeconfig\` key`);
    const version = secret.metadata.resourceVersion ?? '';
    const cached = this.remote.get(name);
    if (cached?.version === version) return cached.kube;
    cached?.kube.client.close();
    let kube: KubeObjects;
    try {
      const client = await KubeClient.fromKubeconfigText(
        Buffer.from(encoded, 'base64').toString('utf8'),
        where,
        { ...this.clientOptions, retry: this.retry },
      );
      const discovery = new Discovery(client);
      await discovery.refresh();
      kube = new KubeObjects(client, discovery);
    } catch (err) {
      throw new ClusterUnavailableError(
        `cannot reach destination cluster "${name}" (${where}): ${(err as Error).message}`,
      );
    }
    this.remote.set(name, { version, kube });
    return kube;
  }

  close(): void {
    for (const { kube } of this.remote.values()) kube.client.close();
    this.remote.clear();
  }
}
