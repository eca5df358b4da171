/**
 * The read-only half of a sync, shared by `sync`, `diff` and `status`: fetch the snapshot, parse
 * and validate the deploy folder, check the cluster's identity and every kind against the API
 * server, read the inventory and the live objects. Any problem here ends the sync before anything
 * is written; each failure carries the stage it belongs to.
 */
import { Discovery, KubeClient, KubeObjects, type RetryPolicy } from '../adapters/kube';
import { cachedGitSnapshot, fetchGitSnapshot, localSnapshot, type GitSource, type Snapshot } from '../source';
import { checkKinds, loadEnvironmentFolder, namespacesToCreate } from '../manifests';
import {
  checkClusterIdentity,
  pruneCandidates,
  readClusterRecord,
  type ClusterRecord,
  readInventory,
  type Inventory,
  type PruneCandidates,
} from '../inventory';
import { fetchLive, type Addressable, type LiveIndex } from '../apply';
import {
  ENVIRONMENT_GROUP,
  ENVIRONMENT_KIND,
  FerryError,
  formatProblem,
  refKey,
  type DesiredObject,
  type EnvironmentSpec,
  type ObjectRef,
  type SyncStage,
} from '../model';
import type { SyncConfig } from '../config';
import { join } from 'node:path';

/** A failure of one stage of a sync. */
export class StageError extends FerryError {
  constructor(
    readonly stage: SyncStage,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** Run `fn`; any error becomes a StageError of `stage` (an existing StageError keeps its own). */
export async function at<T>(stage: SyncStage, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw err instanceof StageError ? err : new StageError(stage, err);
  }
}

export interface Loaded {
  readonly snapshot: Snapshot;
  readonly environment: EnvironmentSpec;
  /** Desired objects, namespaces defaulted, plus the namespaces CreateNamespace=true asks for. */
  readonly desired: readonly DesiredObject[];
  readonly inventory: Inventory | undefined;
  readonly live: LiveIndex;
  readonly candidates: PruneCandidates;
  /** Namespaces that exist in the cluster now (of those the desired objects use). */
  readonly namespaces: ReadonlySet<string>;
  readonly warnings: readonly string[];
}

export async function connect(kubeconfig: string | undefined, retry?: RetryPolicy): Promise<KubeObjects> {
  const client = await KubeClient.fromKubeconfig(kubeconfig, { retry });
  const discovery = new Discovery(client);
  try {
    await discovery.refresh();
  } catch (err) {
    client.close();
    throw err;
  }
  return new KubeObjects(client, discovery);
}

function gitSource(cfg: SyncConfig): GitSource {
  const src = cfg.source;
  return {
    repo: src.repo!,
    branch: src.branch,
    path: src.path ?? cfg.env,
    revision: src.revision,
    auth: { token: src.token, sshKeyPath: src.sshKeyPath },
    cacheDir: join(cfg.cacheDir, 'git'),
  };
}

export async function fetchSnapshot(cfg: SyncConfig): Promise<Snapshot> {
  if (cfg.source.kind === 'dir') return localSnapshot(cfg.source.dir!);
  return fetchGitSnapshot(gitSource(cfg));
}

/** The snapshot of `revision` of a git source when the cache holds it already (no fetch), else undefined. */
export function cachedSnapshot(cfg: SyncConfig, revision: string): Snapshot | undefined {
  return cfg.source.kind === 'git' ? cachedGitSnapshot(gitSource(cfg), revision) : undefined;
}

/** A ref with the address the server knows it by; nothing when its kind is not served. */
export function addressable(kube: KubeObjects, ref: ObjectRef): Addressable[] {
  const manifest = kube.addressOf(ref);
  return manifest ? [{ ref, manifest }] : [];
}

async function existingNamespaces(
  kube: KubeObjects,
  desired: readonly DesiredObject[],
  signal?: AbortSignal,
): Promise<Set<string>> {
  const names = [...new Set(desired.flatMap((d) => (d.ref.namespace ? [d.ref.namespace] : [])))];
  const found = new Set<string>();
  await Promise.all(
    names.map(async (name) => {
      if (await kube.get({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, signal))
        found.add(name);
    }),
  );
  return found;
}

/**
 * Environments installed by `ferry install --repo URL [--branch B]` read that repository: the
 * cluster records it, and Environment objects applied to it get it as their `spec.source`.
 */
export function withInstallSource(objects: readonly DesiredObject[], record: ClusterRecord): DesiredObject[] {
  if (!record.repo) return [...objects];
  return objects.map((o) => {
    if (o.ref.group !== ENVIRONMENT_GROUP || o.ref.kind !== ENVIRONMENT_KIND) return o;
    const spec = (o.manifest.spec ?? {}) as { source?: Record<string, unknown> };
    const source = { ...spec.source, repo: record.repo, ...(record.branch ? { branch: record.branch } : {}) };
    return { ...o, manifest: { ...o.manifest, spec: { ...spec, source } } };
  });
}

export async function loadState(
  kube: KubeObjects,
  cfg: SyncConfig,
  snapshot: Snapshot,
  signal?: AbortSignal,
): Promise<Loaded> {
  const folder = await at('manifests', () => loadEnvironmentFolder(snapshot.dir, { expectedName: cfg.env }));
  const record = await at('cluster', async () => {
    const r = await readClusterRecord(kube, signal);
    checkClusterIdentity(kube.client.server, r, folder.environment.destination.cluster, cfg.cluster);
    return r;
  });
  const checked = await at('manifests', () =>
    checkKinds(
      folder.objects,
      (g, k) => {
        const info = kube.discovery.lookupKind(g, k);
        return info && { namespaced: info.namespaced, versions: kube.discovery.versionsOf(g, k) };
      },
      { defaultNamespace: folder.environment.destination.namespace },
    ),
  );
  const declared = withInstallSource(checked, record);
  return at('inventory', async () => {
    const inventory = await readInventory(kube, cfg.env, signal);
    const namespaces = await existingNamespaces(kube, declared, signal);
    const desired = [...namespacesToCreate(declared, (ns) => namespaces.has(ns)), ...declared];
    const desiredKeys = new Set(desired.map((d) => refKey(d.ref)));
    const previous = (inventory?.refs ?? []).filter((r) => !desiredKeys.has(refKey(r)));
    const owned = previous.flatMap((ref) => addressable(kube, ref));
    const unresolved = previous.filter((r) => !kube.addressOf(r));
    const applied = desired.filter((d) => d.sync.hook.kind === 'none');
    const live = await fetchLive(kube, [...applied, ...owned], signal);
    const candidates = pruneCandidates({
      env: cfg.env,
      inventory: inventory?.refs ?? [],
      live: owned.map((o) => live.get(refKey(o.ref))).filter((o) => o !== undefined),
      desired,
      unresolved,
    });
    const warnings = folder.warnings.map(formatProblem);
    return {
      snapshot,
      environment: folder.environment,
      desired,
      inventory,
      live,
      candidates,
      namespaces,
      warnings,
    };
  });
}
