import { Hooks, Image, Resources, Sizing, syncAnnotations } from '../../../constructs';

describe('Image', () => {
  it('formats repository:tag and rejects unpinned or malformed tags', () => {
    expect(Image.of('ghcr.io/a/b', '1.0').toString()).toBe('ghcr.io/a/b:1.0');
    expect(Image.of('ghcr.io/a/b', '1.0').problems()).toEqual([]);
    expect(Image.of('ghcr.io/a/b', 'latest').problems()).toEqual([
      ['image.tag', 'must be pinned; "latest" is not allowed'],
    ]);
    expect(
      Image.of('Bad Repo', 'x y')
        .problems()
        .map(([f]) => f),
    ).toEqual(['image.repository', 'image.tag']);
  });
});

describe('Resources and Sizing', () => {
  it('defaults limits to twice the requests and refuses limits below requests', () => {
    expect(Resources.of({ cpuMillis: 100, memoryMiB: 128 }).toJson()).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '200m', memory: '256Mi' },
    });
    expect(
      Resources.of({ cpuMillis: 100, memoryMiB: 128 }, { cpuMillis: 50, memoryMiB: 128 }).problems(),
    ).toEqual([['limits.cpu', '(50m) must be >= requests.cpu (100m)']]);
  });
  it('grows from small to large', () => {
    const cpu = (s: Sizing) => s.resources('web').requestMillis;
    expect(cpu(Sizing.small())).toBeLessThan(cpu(Sizing.medium()));
    expect(cpu(Sizing.medium())).toBeLessThan(cpu(Sizing.large()));
    expect(Sizing.small().maxReplicas).toBeLessThan(Sizing.large().maxReplicas);
  });
});

describe('sync annotations', () => {
  it('writes only what is set, with hook delete policy defaulting to BeforeHookCreation', () => {
    expect(syncAnnotations({})).toEqual({});
    expect(syncAnnotations({ wave: 0 })).toEqual({ 'ferry.dev/sync-wave': '0' });
    expect(syncAnnotations({ hook: Hooks.preSync() })).toEqual({
      'ferry.dev/hook': 'PreSync',
      'ferry.dev/hook-delete-policy': 'BeforeHookCreation',
    });
    expect(syncAnnotations({ hook: Hooks.syncFail('HookFailed') })['ferry.dev/hook-delete-policy']).toBe(
      'HookFailed',
    );
    expect(
      syncAnnotations({ dependsOn: [{ group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'api' }] }),
    ).toEqual({ 'ferry.dev/depends-on': 'apps/Deployment/shop/api' });
  });
  it('refuses fractional waves', () => {
    expect(() => syncAnnotations({ wave: 1.5 })).toThrow('sync wave (1.5) must be an integer');
  });
});
