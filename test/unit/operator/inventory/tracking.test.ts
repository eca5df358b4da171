import {
  createInventory,
  decodeInventory,
  encodeInventory,
  inventoryName,
  nextInventoryRefs,
  parseTrackingId,
  trackingId,
} from '../../../../operator/inventory';
import { FerryError, parseRef, type ObjectRef } from '../../../../operator/model';

const api: ObjectRef = { group: 'apps', kind: 'Deployment', namespace: 'shop-dev', name: 'public-api' };
const ns: ObjectRef = { group: '', kind: 'Namespace', name: 'shop-dev' };

describe('tracking id', () => {
  it.each<[ObjectRef, string]>([
    [api, 'dev:apps/Deployment:shop-dev/public-api'],
    [ns, 'dev:/Namespace:/shop-dev'],
    [
      { group: '', kind: 'ConfigMap', namespace: 'shop-dev', name: 'settings' },
      'dev:/ConfigMap:shop-dev/settings',
    ],
  ])('formats %o as %s and parses it back', (ref, id) => {
    expect(trackingId('dev', ref)).toBe(id);
    expect(parseTrackingId(id)).toEqual({ env: 'dev', ref });
  });

  it('ignores the version', () => {
    expect(trackingId('dev', { ...api, version: 'v1' })).toBe('dev:apps/Deployment:shop-dev/public-api');
  });

  it.each([
    '',
    'dev',
    'dev:Deployment:shop/api',
    'dev:apps/Deployment:shop',
    ':apps/Deployment:shop/api',
    'dev:apps/Deployment:shop/',
  ])('rejects %j', (id) => {
    expect(parseTrackingId(id)).toBeUndefined();
  });
});

describe('inventory record', () => {
  const refs = [
    'apps/Deployment/shop-dev/public-api',
    '/Namespace//shop-dev',
    '/ConfigMap/shop-dev/settings',
  ].map((k) => parseRef(k)!);

  it('encodes a ConfigMap named after the environment with sorted ref keys', () => {
    const cm = encodeInventory(createInventory('dev', 'abc123', [...refs, refs[0]!]), 'shop-dev');
    expect(cm).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'ferry-inventory-dev',
        namespace: 'shop-dev',
        labels: { 'app.kubernetes.io/managed-by': 'ferry', 'ferry.dev/env': 'dev' },
      },
      data: {
        environment: 'dev',
        revision: 'abc123',
        objects: '/ConfigMap/shop-dev/settings\n/Namespace//shop-dev\napps/Deployment/shop-dev/public-api\n',
        hooks: '',
        operation: '',
        normalization: '{}',
      },
    });
    expect(inventoryName('staging')).toBe('ferry-inventory-staging');
  });

  it('decodes what it encodes, operation state and learned normalization included', () => {
    const inv = createInventory('dev', null, refs);
    expect(decodeInventory(encodeInventory(inv, 'shop-dev'), 'dev')).toEqual(inv);
    const full = createInventory('dev', 'abc', refs, {
      hooks: [refs[0]!],
      operation: {
        revision: 'def',
        phase: 'Failed',
        startedAt: '2026-01-01T00:00:00.000Z',
        holder: 'cli:h:1',
        reached: 'Sync/0',
        hooks: [{ ref: 'batch/Job/shop-dev/migrate', phase: 'PreSync', result: 'succeeded', message: 'ok' }],
        stage: 'health',
        message: 'timed out',
      },
      normalization: { 'apps/v1/Deployment': ['spec.template.spec.hostNetwork'] },
    });
    expect(decodeInventory(encodeInventory(full, 'ferry-system'), 'dev')).toEqual(full);
  });

  it('reads records written before operation state existed', () => {
    const old = encodeInventory(createInventory('dev', 'abc', refs), 'ferry-system');
    const data = { ...(old.data as Record<string, string>) };
    delete data.hooks;
    delete data.operation;
    delete data.normalization;
    const inv = decodeInventory({ ...old, data }, 'dev');
    expect(inv.operation).toBeUndefined();
    expect(inv.hooks).toEqual([]);
    expect(inv.revision).toBe('abc');
  });

  it('rejects another environment’s record and malformed lines', () => {
    const cm = encodeInventory(createInventory('dev', null, refs), 'shop-dev');
    expect(() => decodeInventory(cm, 'staging')).toThrow(FerryError);
    expect(() => decodeInventory(cm, 'staging')).toThrow(
      'ConfigMap/shop-dev/ferry-inventory-dev is not the inventory of environment "staging" (it says "dev")',
    );
    const bad = { ...cm, data: { environment: 'dev', objects: '/ConfigMap/shop-dev/a\nnonsense\n' } };
    expect(() => decodeInventory(bad, 'dev')).toThrow(
      'ConfigMap/shop-dev/ferry-inventory-dev data.objects line 2 is not an object ref: "nonsense"',
    );
  });

  it('next inventory keeps desired and unpruned objects, drops pruned and released ones', () => {
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((n) => parseRef(`/ConfigMap/ns/${n}`)!) as [
      ObjectRef,
      ObjectRef,
      ObjectRef,
      ObjectRef,
      ObjectRef,
    ];
    expect(
      nextInventoryRefs([a, b, c, d], [a, e], { pruned: [b], released: [c] }).map((r) => r.name),
    ).toEqual(['a', 'd', 'e']);
    // A desired object is tracked even if a stale outcome names it.
    expect(nextInventoryRefs([a], [a], { pruned: [a], released: [] }).map((r) => r.name)).toEqual(['a']);
  });
});
