import { commitMessage, fieldChanges, sourceOf, trailers } from '../../../../operator/deploy';
import { diffFolder, groupByFolder } from '../../../../operator/deploy/compare';
import { sameApartFromSourceCommit } from '../../../../operator/deploy/describe';

const A = 'a'.repeat(40);

describe('deploy commit messages', () => {
  it('name the source commit, environments and image moves, with a Ferry-Source trailer', () => {
    const text = commitMessage({
      sourceCommit: A,
      sourceSubject: 'Bump api',
      changed: ['production', 'staging'],
      removed: ['preview-x'],
      images: [{ env: 'staging', move: { repository: 'r/api', from: ['1'], to: ['2'] } }],
    });
    expect(text).toBe(
      [
        `publish ${A.slice(0, 12)}: production, staging; remove preview-x`,
        '',
        `Source commit ${A} "Bump api"`,
        'Environments changed: production, staging',
        'Environments removed: preview-x',
        'Image tags:',
        '  staging: r/api 1 -> 2',
        '',
        `Ferry-Source: ${A}`,
        '',
      ].join('\n'),
    );
    expect(sourceOf(text)).toBe(A);
  });

  it('reads trailers only from the last paragraph', () => {
    expect(trailers('subject\n\nFerry-Source: x\nbody text\n')).toEqual({});
    expect(trailers('subject only')).toEqual({});
    expect(sourceOf(`subject\n\nFerry-Source: ${A}\n\nsomething else`)).toBeNull();
    expect(sourceOf('subject\n\nFerry-Source: not-a-sha')).toBeNull();
  });
});

describe('folder comparison', () => {
  it('lists added, changed and removed files, ignoring equal ones', () => {
    const branch = [
      { rel: 'a.yaml', sha: '1', mode: '100644' },
      { rel: 'b.yaml', sha: '2', mode: '100644' },
      { rel: 'c.yaml', sha: '3', mode: '100644' },
    ];
    const dist = [
      { rel: 'a.yaml', sha: '1', mode: '100644' },
      { rel: 'b.yaml', sha: '9', mode: '100644' },
      { rel: 'd.yaml', sha: '4', mode: '100644' },
    ];
    expect(diffFolder(branch, dist)).toEqual([
      { rel: 'b.yaml', before: '2', after: '9' },
      { rel: 'c.yaml', before: '3', after: null },
      { rel: 'd.yaml', before: null, after: '4' },
    ]);
  });

  it('groups branch paths by top-level folder and ignores root files', () => {
    const groups = groupByFolder([
      { path: 'README.md', sha: '0', mode: '100644' },
      { path: 'dev/environment.json', sha: '1', mode: '100644' },
      { path: 'dev/manifests/x.yaml', sha: '2', mode: '100644' },
    ]);
    expect([...groups.keys()]).toEqual(['dev']);
    expect(groups.get('dev')!.map((e) => e.rel)).toEqual(['environment.json', 'manifests/x.yaml']);
  });

  it('treats environment.json files differing only in sourceCommit as equal', () => {
    const json = (sc: string, prune = true) =>
      JSON.stringify({ name: 'dev', sourceCommit: sc, syncPolicy: { prune } });
    expect(sameApartFromSourceCommit(json('a'), json('b'))).toBe(true);
    expect(sameApartFromSourceCommit(json('a'), json('b', false))).toBe(false);
  });
});

describe('field changes', () => {
  it('match named list items by name and report paths a reviewer can read', () => {
    const before = {
      spec: {
        containers: [
          { name: 'api', image: 'a:1' },
          { name: 'side', image: 's:1' },
        ],
      },
      metadata: { labels: { 'app.kubernetes.io/version': '1' } },
    };
    const after = {
      spec: {
        containers: [
          { name: 'side', image: 's:1' },
          { name: 'api', image: 'a:2' },
        ],
      },
      metadata: { labels: { 'app.kubernetes.io/version': '2' } },
    };
    expect(fieldChanges(before, after)).toEqual([
      { path: 'metadata.labels["app.kubernetes.io/version"]', before: '1', after: '2' },
      { path: 'spec.containers[api].image', before: 'a:1', after: 'a:2' },
    ]);
    expect(fieldChanges({ a: [1, 2] }, { a: [1] })).toEqual([{ path: 'a[1]', before: 2, after: undefined }]);
  });
});
