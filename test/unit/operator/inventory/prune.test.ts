import {
  DEFAULT_PRUNE_POLICIES,
  notOwned,
  pruneCandidates,
  trackingId,
  type PrunePolicy,
} from '../../../../operator/inventory';
import { parseRef, type KubeObject, type ObjectRef } from '../../../../operator/model';
import { desired, manifest } from '../fixtures';

const ref = (key: string): ObjectRef => parseRef(key)!;

/** A live object; `owner` sets the tracking id (null = none). */
function live(
  kind: string,
  name: string,
  owner: string | null,
  annotations: Record<string, string> = {},
): KubeObject {
  const m = manifest(kind, name);
  const r = {
    group: m.apiVersion.includes('/') ? m.apiVersion.split('/')[0]! : '',
    kind,
    namespace: m.metadata.namespace,
    name,
  };
  return manifest(kind, name, {
    annotations: { ...(owner ? { 'ferry.dev/tracking-id': trackingId(owner, r) } : {}), ...annotations },
  });
}

const summary = (r: ReturnType<typeof pruneCandidates>) => ({
  prune: r.prune.map(
    (t) => `${t.ref.kind}/${t.ref.name} wave=${t.wave}${t.syncOptions.pruneLast ? ' last' : ''}`,
  ),
  skipped: r.skipped.map((s) => `${s.ref.kind}/${s.ref.name}: ${s.policy}: ${s.reason}`),
  released: r.released.map((x) => `${x.kind}/${x.name}`),
});

describe('pruneCandidates', () => {
  it('prunes only objects in the inventory, no longer desired, carrying this environment’s tracking id', () => {
    const r = pruneCandidates({
      env: 'dev',
      inventory: [
        ref('/ConfigMap/shop-dev/kept'),
        ref('/ConfigMap/shop-dev/old'),
        ref('apps/Deployment/shop-dev/old-api'),
        ref('/ConfigMap/shop-dev/hijacked'),
        ref('/ConfigMap/shop-dev/staging-owned'),
        ref('/ConfigMap/shop-dev/precious'),
        ref('/ConfigMap/shop-dev/vanished'),
        ref('/ConfigMap/shop-dev/copied'),
      ],
      live: [
        live('ConfigMap', 'kept', 'dev'),
        live('ConfigMap', 'old', 'dev', {
          'ferry.dev/sync-wave': '2',
          'ferry.dev/sync-options': 'PruneLast=true',
        }),
        live('Deployment', 'old-api', 'dev'),
        live('ConfigMap', 'hijacked', null),
        live('ConfigMap', 'staging-owned', 'staging'),
        live('ConfigMap', 'precious', 'dev', { 'argocd.argoproj.io/sync-options': 'Prune=false' }),
        manifest('ConfigMap', 'copied', {
          annotations: { 'ferry.dev/tracking-id': 'dev:/ConfigMap:shop-dev/original' },
        }),
        live('ConfigMap', 'not-in-inventory', 'dev'),
      ],
      desired: [desired('ConfigMap', 'kept')],
    });
    expect(summary(r)).toEqual({
      prune: ['ConfigMap/old wave=2 last', 'Deployment/old-api wave=0'],
      skipped: [
        'ConfigMap/copied: not-owned: not owned: ferry.dev/tracking-id "dev:/ConfigMap:shop-dev/original" does not match ConfigMap/shop-dev/copied',
        'ConfigMap/hijacked: not-owned: not owned: no ferry.dev/tracking-id annotation',
        'ConfigMap/precious: prune-disabled: Prune=false',
        'ConfigMap/staging-owned: not-owned: not owned: belongs to environment "staging"',
        'ConfigMap/vanished: not-found: already gone from the cluster',
      ],
      released: ['ConfigMap/copied', 'ConfigMap/hijacked', 'ConfigMap/staging-owned', 'ConfigMap/vanished'],
    });
    expect(r.prune[1]!.ref).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      namespace: 'shop-dev',
      name: 'old-api',
    });
  });

  it("treats Argo CD's Prune=confirm as Prune=false (no confirmation step)", () => {
    const r = pruneCandidates({
      env: 'dev',
      inventory: [ref('/ConfigMap/shop-dev/x')],
      live: [live('ConfigMap', 'x', 'dev', { 'argocd.argoproj.io/sync-options': 'Prune=confirm' })],
      desired: [],
    });
    expect(r.prune).toEqual([]);
    expect(r.skipped[0]!.reason).toBe('Prune=false');
  });

  it('keeps (never releases) inventory objects whose kind cannot be checked now', () => {
    const r = pruneCandidates({
      env: 'dev',
      inventory: [ref('metrics.example.com/Widget/shop-dev/w')],
      live: [],
      desired: [],
      unresolved: [ref('metrics.example.com/Widget/shop-dev/w')],
    });
    expect(r.prune).toEqual([]);
    expect(r.released).toEqual([]);
    expect(r.skipped[0]!.reason).toMatch(
      /cannot check it now .*Widget\.metrics\.example\.com.*kept in the inventory/,
    );
  });

  it('never prunes an object whose sync options cannot be read', () => {
    const r = pruneCandidates({
      env: 'dev',
      inventory: [ref('/ConfigMap/shop-dev/x')],
      live: [live('ConfigMap', 'x', 'dev', { 'argocd.argoproj.io/sync-options': 'Prune=maybe' })],
      desired: [],
    });
    expect(r.prune).toEqual([]);
    expect(r.skipped[0]!.reason).toMatch(
      /^not pruned: cannot read sync options \(invalid argocd\.argoproj\.io\/sync-options option "Prune=maybe"/,
    );
  });

  it('accepts desired refs as well as desired objects, and custom policies', () => {
    const veto: PrunePolicy = {
      name: 'protect-secrets',
      check: (c) => (c.ref.kind === 'Secret' ? { reason: 'secrets are kept' } : undefined),
    };
    const r = pruneCandidates({
      env: 'dev',
      inventory: [ref('/Secret/shop-dev/s'), ref('/ConfigMap/shop-dev/c'), ref('/ConfigMap/shop-dev/d')],
      live: [live('Secret', 's', 'dev'), live('ConfigMap', 'c', 'dev'), live('ConfigMap', 'd', 'dev')],
      desired: [ref('/ConfigMap/shop-dev/d')],
      policies: [...DEFAULT_PRUNE_POLICIES, veto],
    });
    expect(summary(r)).toEqual({
      prune: ['ConfigMap/c wave=0'],
      skipped: ['Secret/s: protect-secrets: secrets are kept'],
      released: [],
    });
  });

  it('has the not-owned policy accept exactly this environment’s id for this ref', () => {
    const r = ref('/ConfigMap/shop-dev/a');
    const check = (obj: KubeObject) =>
      notOwned.check({ env: 'dev', ref: r, live: obj, desiredKeys: new Set() });
    expect(check(live('ConfigMap', 'a', 'dev'))).toBeUndefined();
    expect(check(live('ConfigMap', 'a', 'dev-2'))?.reason).toBe('not owned: belongs to environment "dev-2"');
  });
});
