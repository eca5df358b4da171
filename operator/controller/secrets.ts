/**
 * A Secret read on demand and kept for a few seconds: the webhook's shared secret and the
 * notification settings. A flood of webhook requests costs one GET per `ttlMs`, not one per
 * request; a Secret created or rotated is picked up within `ttlMs`.
 */
import type { KubeObjects } from '../adapters/kube';

export class CachedSecret {
  private value: { data: Record<string, string> | undefined; until: number } | undefined;
  private loading: Promise<Record<string, string> | undefined> | undefined;

  constructor(
    private readonly kube: KubeObjects,
    readonly namespace: string,
    readonly name: string,
    private readonly ttlMs = 10_000,
  ) {}

  /** The decoded data of the Secret, or undefined when it does not exist. */
  async data(): Promise<Record<string, string> | undefined> {
    if (this.value && Date.now() < this.value.until) return this.value.data;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** One key, decoded; undefined when the Secret or the key is missing. */
  async key(key: string): Promise<string | undefined> {
    return (await this.data())?.[key];
  }

  private async load(): Promise<Record<string, string> | undefined> {
    const secret = await this.kube.get({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: this.name, namespace: this.namespace },
    });
    const raw = secret?.data as Record<string, string> | undefined;
    const data = raw
      ? Object.fromEntries(
          Object.entries(raw).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
        )
      : undefined;
    this.value = { data, until: Date.now() + this.ttlMs };
    return data;
  }
}
