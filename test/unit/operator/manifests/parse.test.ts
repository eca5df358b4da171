import { collectManifests, parseManifests } from '../../../../operator/manifests';
import { ManifestError } from '../../../../operator/model';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: public-api
  namespace: shop-dev
  annotations:
    ferry.dev/sync-wave: "1"
spec:
  replicas: 2
`;

function problems(files: { path: string; content: string }[]): string[] {
  return collectManifests(files).problems.map((p) =>
    [p.file, p.object, p.message].filter(Boolean).join(': '),
  );
}

describe('parseManifests', () => {
  it('parses an object with its ref, file and sync annotations', () => {
    const [o] = parseManifests([{ path: 'manifests/d.yaml', content: deployment }]);
    expect(o!.ref).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      namespace: 'shop-dev',
      name: 'public-api',
    });
    expect(o!.file).toBe('manifests/d.yaml');
    expect(o!.sync.wave).toBe(1);
    expect(o!.manifest.spec).toEqual({ replicas: 2 });
  });

  it('accepts multi-document YAML and skips empty documents', () => {
    const content = `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n`;
    expect(parseManifests([{ path: 'all.yaml', content }]).map((o) => o.ref.name)).toEqual(['a', 'b']);
  });

  it('reports YAML errors with file and line', () => {
    expect(
      problems([
        { path: 'manifests/bad.yaml', content: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n' },
      ]),
    ).toEqual([expect.stringMatching(/^manifests\/bad\.yaml: YAML error at line \d+, column \d+: /)]);
    expect(problems([{ path: 'dup.yaml', content: 'a: 1\na: 2\n' }])).toEqual([
      'dup.yaml: YAML error at line 2, column 1: Map keys must be unique',
    ]);
  });

  it('reports missing apiVersion, kind and name, naming the object', () => {
    expect(
      problems([
        { path: 'a.yaml', content: 'kind: ConfigMap\nmetadata:\n  name: settings\n' },
        { path: 'b.yaml', content: 'apiVersion: v1\nmetadata:\n  name: x\n' },
        { path: 'c.yaml', content: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n' },
        { path: 'd.yaml', content: 'apiVersion: v1\nkind: ConfigMap\n' },
        { path: 'e.yaml', content: '- just\n- a list\n' },
        { path: 'f.yaml', content: '# nothing\n' },
      ]),
    ).toEqual([
      'a.yaml: ConfigMap/settings: missing apiVersion',
      'b.yaml: document 1: missing kind',
      'c.yaml: Job/migrate-: metadata.generateName without metadata.name is only supported on hooks (Ferry tracks objects by name)',
      'd.yaml: document 1: missing metadata',
      'e.yaml: document 1: expected a Kubernetes object (a mapping), got a list',
      'f.yaml: empty file: expected a Kubernetes object',
    ]);
  });

  it('names the document position in multi-document files', () => {
    const content =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n';
    expect(problems([{ path: 'm.yaml', content }])).toEqual(['m.yaml: document 2: missing metadata.name']);
  });

  it('reports bad annotation values with file and object', () => {
    const content = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: shop-dev
  annotations:
    ferry.dev/sync-wave: soon
    ferry.dev/hook: PreSync,Later
    ferry.dev/sync-options: Prune=nope
`;
    expect(problems([{ path: 'manifests/job.yaml', content }])).toEqual([
      'manifests/job.yaml: Job/shop-dev/migrate: invalid ferry.dev/sync-wave "soon": must be an integer such as "-1", "0" or "5"',
      'manifests/job.yaml: Job/shop-dev/migrate: unknown ferry.dev/hook "Later": expected PreSync, Sync, PostSync or SyncFail',
      'manifests/job.yaml: Job/shop-dev/migrate: invalid ferry.dev/sync-options option "Prune=nope": the value must be true or false',
    ]);
  });

  it('rejects non-string annotation values and operator-owned tracking ids', () => {
    const content = `apiVersion: v1
kind: ConfigMap
metadata:
  name: s
  annotations:
    ferry.dev/sync-wave: 3
    ferry.dev/tracking-id: "dev:/ConfigMap:/s"
`;
    expect(problems([{ path: 's.yaml', content }])).toEqual([
      's.yaml: ConfigMap/s: annotation ferry.dev/sync-wave must be a string, got a number (quote it in YAML)',
      's.yaml: ConfigMap/s: ferry.dev/tracking-id is set by the operator at apply time; remove it from the manifest',
    ]);
  });

  it('rejects List kinds', () => {
    expect(
      problems([{ path: 'l.yaml', content: 'apiVersion: v1\nkind: List\nmetadata: {name: l}\nitems: []\n' }]),
    ).toEqual(['l.yaml: List/l: List is not supported: write one object per YAML document']);
  });

  it('detects duplicates across files, naming both, regardless of version', () => {
    const a =
      'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: api, namespace: shop}\n';
    const b =
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: api, namespace: shop}\n';
    const c =
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: api, namespace: other}\n';
    expect(
      problems([
        { path: 'manifests/a.yaml', content: a },
        { path: 'manifests/b.yaml', content: b },
        { path: 'manifests/c.yaml', content: c },
      ]),
    ).toEqual([
      'manifests/a.yaml: HorizontalPodAutoscaler/shop/api: duplicate object: also declared in manifests/b.yaml',
    ]);
  });

  it('throws one ManifestError collecting every problem of every file', () => {
    let err: unknown;
    try {
      parseManifests([
        { path: 'a.yaml', content: 'kind: ConfigMap\nmetadata: {name: a}\n' },
        {
          path: 'b.yaml',
          content:
            'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, annotations: {ferry.dev/sync-wave: x}}\n',
        },
      ]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as ManifestError).problems.map((p) => p.file)).toEqual(['a.yaml', 'b.yaml']);
    expect((err as Error).message).toMatch(
      /^2 problems in the deploy folder; nothing was applied:\n  a\.yaml: ConfigMap\/a: missing apiVersion\n  b\.yaml: ConfigMap\/b: invalid/,
    );
  });
});

describe('YAML as kubectl reads it (1.1)', () => {
  const one = (content: string) => parseManifests([{ path: 'x.yaml', content }])[0]!.manifest;

  it('reads 0755 as octal, yes/on as booleans, and leaves times and dates as strings', () => {
    const m = one(
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: c}',
        'spec:',
        '  defaultMode: 0755',
        '  enabled: yes',
        '  when: 12:30',
        '  date: 2026-01-01',
      ].join('\n'),
    );
    expect(m.spec).toEqual({ defaultMode: 493, enabled: true, when: '12:30', date: '2026-01-01' });
  });

  it('accepts generateName on hooks (Argo CD examples use it), not on other objects', () => {
    const hook = parseManifests([
      {
        path: 'h.yaml',
        content:
          'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: schema-migrate-\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n',
      },
    ])[0]!;
    expect(hook.ref.name).toBe('schema-migrate-');
    expect(hook.generateName).toBe(true);
    expect(() =>
      parseManifests([
        { path: 'c.yaml', content: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: x-\n' },
      ]),
    ).toThrow(/generateName without metadata.name is only supported on hooks/);
  });
});
