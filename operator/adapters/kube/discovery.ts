/**
 * API discovery: which kinds the server knows, their plural resource names and whether they are
 * namespaced. Refreshed after CRDs are applied so their custom resources can be addressed; a
 * long-running operator calls `ensureFresh` before each sync (cheap when recent) and
 * `invalidate` when CRDs change. Groups whose discovery failed (an unavailable aggregated API)
 * are remembered: for them "not served" means "unknown", and callers must not act on absence.
 */
import { splitApiVersion } from '../../model';
import type { KubeClient } from './client';

export interface ResourceInfo {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  /** The resource can be listed (some, like tokenreviews, only accept POST). */
  readonly listable: boolean;
}

interface ApiResourceList {
  groupVersion: string;
  resources: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[];
}
interface ApiGroupList {
  groups: { name: string; versions: { groupVersion: string; version: string }[] }[];
}

export class Discovery {
  private byGvk = new Map<string, ResourceInfo>();
  private byGk = new Map<string, ResourceInfo>();
  private failedGroups = new Set<string>();
  private refreshedAt = 0;
  private stale = true;

  constructor(private readonly client: KubeClient) {}

  /** Mark the cache stale (e.g. a CRD was created or deleted); the next `ensureFresh` refreshes. */
  invalidate(): void {
    this.stale = true;
  }

  /** Refresh when invalidated or older than `maxAgeMs`. */
  async ensureFresh(maxAgeMs = 300_000): Promise<void> {
    if (this.stale || Date.now() - this.refreshedAt > maxAgeMs) await this.refresh();
  }

  /** True when this group's discovery failed at the last refresh: absence of its kinds proves nothing. */
  uncertain(group: string): boolean {
    return this.failedGroups.has(group);
  }

  /** Groups whose discovery failed at the last refresh. */
  uncertainGroups(): string[] {
    return [...this.failedGroups].sort();
  }

  async refresh(): Promise<void> {
    const failed = new Set<string>();
    const core = this.client.request<ApiResourceList>('GET', '/api/v1', { countAs: 'get' });
    const groups = await this.client.request<ApiGroupList>('GET', '/apis', { countAs: 'get' });
    const lists = await Promise.all([
      core,
      ...groups.groups.flatMap((g) =>
        g.versions.map((v) =>
          this.client
            .request<ApiResourceList>('GET', `/apis/${v.groupVersion}`, { countAs: 'get' })
            // An unavailable aggregated API must not break discovery of everything else, but it
            // is remembered as unknown rather than empty.
            .catch(() => {
              failed.add(g.name);
              return { groupVersion: v.groupVersion, resources: [] };
            }),
        ),
      ),
    ]);
    const byGvk = new Map<string, ResourceInfo>();
    const byGk = new Map<string, ResourceInfo>();
    // Preferred version first: /apis lists versions in preference order.
    for (const list of lists) {
      const { group, version } = splitApiVersion(list.groupVersion);
      for (const r of list.resources) {
        if (r.name.includes('/')) continue; // subresources
        const info: ResourceInfo = {
          group,
          version,
          kind: r.kind,
          plural: r.name,
          namespaced: r.namespaced,
          listable: (r.verbs ?? []).includes('list'),
        };
        byGvk.set(`${group}/${version}/${r.kind}`, info);
        if (!byGk.has(`${group}/${r.kind}`)) byGk.set(`${group}/${r.kind}`, info);
      }
    }
    this.byGvk = byGvk;
    this.byGk = byGk;
    this.failedGroups = failed;
    this.refreshedAt = Date.now();
    this.stale = false;
  }

  /** The resource for an exact apiVersion and kind, if the server serves it. */
  lookup(apiVersion: string, kind: string): ResourceInfo | undefined {
    const { group, version } = splitApiVersion(apiVersion);
    return this.byGvk.get(`${group}/${version}/${kind}`);
  }

  /** Every kind (preferred version) that lives in namespaces and can be listed. */
  namespacedKinds(): ResourceInfo[] {
    return [...this.byGk.values()].filter((r) => r.namespaced && r.listable);
  }

  /** Every served version of a group and kind. */
  versionsOf(group: string, kind: string): string[] {
    return [...this.byGvk.values()].filter((r) => r.group === group && r.kind === kind).map((r) => r.version);
  }

  /** The preferred version of a group and kind. */
  lookupKind(group: string, kind: string): ResourceInfo | undefined {
    return this.byGk.get(`${group}/${kind}`);
  }
}

export function resourcePath(info: ResourceInfo, namespace?: string, name?: string): string {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${info.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
}
