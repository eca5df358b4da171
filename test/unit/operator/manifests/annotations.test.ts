import { parseSyncAnnotations } from '../../../../operator/manifests';
import { DEFAULT_SYNC_OPTIONS } from '../../../../operator/model';

const parse = (a: Record<string, string>) => parseSyncAnnotations(a);

describe('parseSyncAnnotations', () => {
  it('defaults everything when there are no annotations', () => {
    expect(parseSyncAnnotations(undefined)).toEqual({
      value: { wave: 0, hook: { kind: 'none' }, dependsOn: [], syncOptions: DEFAULT_SYNC_OPTIONS },
      problems: [],
    });
  });

  it.each([
    ['-1', -1],
    ['5', 5],
    [' 3 ', 3],
    ['+2', 2],
  ])('reads sync-wave %j as %d', (raw, n) => {
    expect(parse({ 'ferry.dev/sync-wave': raw }).value.wave).toBe(n);
  });

  it.each(['abc', '1.5', '', '1e3', '99999999999999999999'])('rejects sync-wave %j', (raw) => {
    expect(parse({ 'ferry.dev/sync-wave': raw }).problems).toEqual([
      `invalid ferry.dev/sync-wave "${raw}": must be an integer such as "-1", "0" or "5"`,
    ]);
  });

  it('honours Argo CD equivalents, Ferry keys winning', () => {
    const r = parse({
      'argocd.argoproj.io/sync-wave': '2',
      'argocd.argoproj.io/hook': 'PostSync',
      'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded',
      'argocd.argoproj.io/sync-options': 'Prune=false',
    });
    expect(r.problems).toEqual([]);
    expect(r.value.wave).toBe(2);
    expect(r.value.hook).toEqual({ kind: 'hook', phases: ['PostSync'], deletePolicies: ['HookSucceeded'] });
    expect(r.value.syncOptions.prune).toBe(false);
    expect(parse({ 'ferry.dev/sync-wave': '1', 'argocd.argoproj.io/sync-wave': '9' }).value.wave).toBe(1);
  });

  it('reads comma-separated hooks in phase order with the default delete policy', () => {
    expect(parse({ 'ferry.dev/hook': 'PostSync, PreSync' }).value.hook).toEqual({
      kind: 'hook',
      phases: ['PreSync', 'PostSync'],
      deletePolicies: ['BeforeHookCreation'],
    });
  });

  it('reads Argo Skip', () => {
    expect(parse({ 'argocd.argoproj.io/hook': 'Skip' }).value.hook).toEqual({ kind: 'skip' });
  });

  it('reports unknown hooks and delete policies', () => {
    expect(parse({ 'ferry.dev/hook': 'PreSnyc', 'ferry.dev/hook-delete-policy': 'Never' }).problems).toEqual([
      'unknown ferry.dev/hook "PreSnyc": expected PreSync, Sync, PostSync or SyncFail',
      'unknown ferry.dev/hook-delete-policy "Never": expected HookSucceeded, HookFailed or BeforeHookCreation',
    ]);
  });

  it('reports a delete policy on an object that is not a hook', () => {
    expect(parse({ 'ferry.dev/hook-delete-policy': 'HookSucceeded' }).problems).toEqual([
      'ferry.dev/hook-delete-policy is set but the object is not a hook (no ferry.dev/hook)',
    ]);
  });

  it('parses depends-on refs and reports malformed entries and self references', () => {
    const self = { group: 'apps', kind: 'Deployment', namespace: 'shop-dev', name: 'api' };
    const r = parseSyncAnnotations(
      {
        'ferry.dev/depends-on':
          '/ConfigMap/shop-dev/settings, apps/Deployment/shop-dev/api, Deployment/api, /Namespace//shop-dev',
      },
      self,
    );
    expect(r.value.dependsOn).toEqual([
      { group: '', kind: 'ConfigMap', namespace: 'shop-dev', name: 'settings' },
      { group: '', kind: 'Namespace', name: 'shop-dev' },
    ]);
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toBe(
      'ferry.dev/depends-on names the object itself ("apps/Deployment/shop-dev/api")',
    );
    expect(r.problems[1]).toMatch(
      /^malformed ferry.dev\/depends-on entry "Deployment\/api": expected <group>/,
    );
  });

  it('parses sync options', () => {
    expect(
      parse({ 'ferry.dev/sync-options': 'Force=true,Replace=true,PruneLast=true,Validate=false' }).value
        .syncOptions,
    ).toEqual({
      ...DEFAULT_SYNC_OPTIONS,
      force: true,
      replace: true,
      pruneLast: true,
      validate: false,
    });
  });

  it('rejects unknown sync options and non-boolean values', () => {
    const r = parse({ 'ferry.dev/sync-options': 'CreateNamespace=true,Prune=confirm' });
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toMatch(
      /^unknown ferry.dev\/sync-options option "CreateNamespace=true": Ferry supports Prune=true\|false/,
    );
    expect(r.problems[1]).toBe(
      'invalid ferry.dev/sync-options option "Prune=confirm": the value must be true or false',
    );
  });
});
