import { parseSyncAnnotations } from '../../../../operator/manifests';
import { DEFAULT_SYNC_OPTIONS } from '../../../../operator/model';

const parse = (a: Record<string, string>) => parseSyncAnnotations(a);

describe('parseSyncAnnotations', () => {
  it('defaults everything when there are no annotations', () => {
    expect(parseSyncAnnotations(undefined)).toEqual({
      value: { wave: 0, hook: { kind: 'none' }, dependsOn: [], syncOptions: DEFAULT_SYNC_OPTIONS },
      problems: [],
      warnings: [],
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

  it('warns about unsupported sync options, never rejecting the object', () => {
    const r = parse({
      'argocd.argoproj.io/sync-options':
        'RespectIgnoreDifferences=true,Prune=confirm,ApplyOutOfSyncOnly=true',
    });
    expect(r.problems).toEqual([]);
    expect(r.warnings).toEqual([
      'argocd.argoproj.io/sync-options option "RespectIgnoreDifferences=true" is not supported by Ferry and is ignored',
      'argocd.argoproj.io/sync-options "Prune=confirm": Ferry has no confirmation step; treated as Prune=false',
    ]);
    expect(r.value.syncOptions.prune).toBe(false);
  });

  it('reads the common Argo CD options', () => {
    const r = parse({
      'argocd.argoproj.io/sync-options':
        'CreateNamespace=true,SkipDryRunOnMissingResource=true,Delete=false,PrunePropagationPolicy=background,Validate=false',
    });
    expect(r.problems).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.value.syncOptions).toMatchObject({
      createNamespace: true,
      skipDryRunOnMissingResource: true,
      delete: false,
      prunePropagationPolicy: 'Background',
      validate: false,
    });
  });

  it('rejects malformed values of options it knows', () => {
    const r = parse({ 'ferry.dev/sync-options': 'Prune=maybe,PrunePropagationPolicy=sideways' });
    expect(r.problems).toEqual([
      'invalid ferry.dev/sync-options option "Prune=maybe": the value must be true or false',
      'invalid ferry.dev/sync-options option "PrunePropagationPolicy=sideways": expected foreground, background or orphan',
    ]);
  });

  it('maps Helm hooks as Argo CD does', () => {
    const pre = parse({
      'helm.sh/hook': 'pre-install,pre-upgrade',
      'helm.sh/hook-weight': '-5',
      'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
    });
    expect(pre.problems).toEqual([]);
    expect(pre.value.hook).toEqual({
      kind: 'hook',
      phases: ['PreSync'],
      deletePolicies: ['BeforeHookCreation', 'HookSucceeded'],
    });
    expect(pre.value.wave).toBe(-5);
    expect(parse({ 'helm.sh/hook': 'post-install' }).value.hook).toMatchObject({ phases: ['PostSync'] });
    expect(parse({ 'helm.sh/hook': 'crd-install' }).value.hook).toEqual({ kind: 'none' });
    const test = parse({ 'helm.sh/hook': 'test' });
    expect(test.value.hook).toEqual({ kind: 'skip' });
    expect(test.warnings?.[0]).toMatch(/helm\.sh\/hook "test" has no Ferry equivalent/);
    // Argo CD's own annotation wins over Helm's.
    expect(
      parse({ 'helm.sh/hook': 'pre-install', 'argocd.argoproj.io/hook': 'PostSync' }).value.hook,
    ).toMatchObject({
      phases: ['PostSync'],
    });
  });
});
