/**
 * The read-only half of a sync, shared by `sync`, `diff` and `status`: fetch the snapshot, parse
 * and validate the deploy folder, check every kind against the API server, read the inventory
 * and the live objects. Any problem here throws before anything is written.
 */
import { Discovery, KubeClient, KubeObjects } from '../adapters/kube';
import { fetchGitSnapshot, localSnapshot, type Snapshot } from '../source';
import { checkKinds, loadEnvironmentFolder } from '../manifests';
import { pruneCandidates, readInventory, type Inventory, type PruneCandidates } from '../inventory';
import { fetchLive, type Addressable, type LiveIndex } from '../apply';
import { refKey, type DesiredObject, type EnvironmentSpec, type ObjectRef } from '../model';
import type { SyncConfig } from '../config';
import { join } from 'node:path';

export interface Loaded {
  readonly snapshot: Snapshot;
  readonly environment: EnvironmentSpec;
  readonly desired: readonly DesiredObject[];
  readonly inventory: Inventory | undefined;
  readonly live: LiveIndex;
  readonly candidates: PruneCandidates;
}

export async function connect(kubeconfig: string | undefined): Promise<KubeObjects> {
  const client = await KubeClient.fromKubeconfig(kubeconfig);
  const discovery = new Discovery(client);
  await discovery.refresh();
  return new KubeObjects(client, discovery);
}

export async function fetchSnapshot(cfg: SyncConfig): Promise<Snapshot> {
  const src = cfg.source;
  if (src.kind === 'dir') return localSnapshot(src.dir!);
  return fetchGitSnapshot({
    repo: src.repo!,
    branch: src.branch,
    path: cfg.env,
    auth: { token: src.token, sshKeyPath: src.sshKeyPath },
    cacheDir: join(cfg.cacheDir, 'git'),
  });
}

/** A ref with the address the server knows it by; nothing when its kind is no longer served. */
export function addressable(kube: KubeObjects, ref: ObjectRef): Addressable[] {
  const manifest = kube.addressOf(ref);
  return manifest ? [{ ref, manifest }] : [];
}

export async function loadState(cfg: SyncConfig, kube: KubeObjects, snapshot: Snapshot): Promise<Loaded> {
  const folder = await loadEnvironmentFolder(snapshot.dir, { expectedName: cfg.env });
  const desired = checkKinds(folder.objects, (g, k) => kube.discovery.lookupKind(g, k), {
    defaultNamespace: folder.environment.destination.namespace,
  });
  const inventory = await readInventory(kube, cfg.env);
  const desiredKeys = new Set(desired.map((d) => refKey(d.ref)));
  const owned = (inventory?.refs ?? [])
    .filter((r) => !desiredKeys.has(refKey(r)))
    .flatMap((ref) => addressable(kube, ref));
  const live = await fetchLive(kube, [...desired, ...owned]);
  const candidates = pruneCandidates({
    env: cfg.env,
    inventory: inventory?.refs ?? [],
    live: owned.map((o) => live.get(refKey(o.ref))).filter((o) => o !== undefined),
    desired,
  });
  return { snapshot, environment: folder.environment, desired, inventory, live, candidates };
}
