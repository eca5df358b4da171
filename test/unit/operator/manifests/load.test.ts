import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvironmentFolder, parseEnvironmentJson } from '../../../../operator/manifests';
import { ManifestError } from '../../../../operator/model';

const FILES: Record<string, string> = {
  'manifests/_cluster--namespace--shop-dev.yaml':
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-dev\n',
  'manifests/shop-dev--configmap--settings.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop-dev\ndata:\n  a: "1"\n',
};

function environmentJson(overrides: Record<string, unknown> = {}): string {
  return `${JSON.stringify(
    {
      schemaVersion: 1,
      name: 'dev',
      sourceCommit: null,
      destination: { cluster: 'local', namespace: 'shop-dev' },
      syncPolicy: { automated: true, prune: true, selfHeal: true, allowEmpty: false },
      manifests: Object.keys(FILES).sort(),
      ...overrides,
    },
    null,
    2,
  )}\n`;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ferry-load-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

async function loadProblems(): Promise<string[]> {
  try {
    await loadEnvironmentFolder(dir);
  } catch (err) {
    if (err instanceof ManifestError)
      return err.problems.map((p) => [p.file, p.object, p.message].filter(Boolean).join(': '));
    throw err;
  }
  throw new Error('expected the folder to be rejected');
}

describe('loadEnvironmentFolder', () => {
  it('loads environment.json and every listed manifest', async () => {
    await write({ 'environment.json': environmentJson(), ...FILES });
    const env = await loadEnvironmentFolder(dir, { expectedName: 'dev' });
    expect(env.environment.name).toBe('dev');
    expect(env.environment.destination).toEqual({ cluster: 'local', namespace: 'shop-dev' });
    expect(env.objects.map((o) => `${o.file} ${o.ref.kind}/${o.ref.name}`)).toEqual([
      'manifests/_cluster--namespace--shop-dev.yaml Namespace/shop-dev',
      'manifests/shop-dev--configmap--settings.yaml ConfigMap/settings',
    ]);
  });

  it('rejects a folder without environment.json', async () => {
    await write(FILES);
    expect(await loadProblems()).toEqual([
      'environment.json: missing: this is not a Ferry deploy folder (expected the output of ferry synth)',
    ]);
  });

  it('rejects a partially published folder: listed file missing, unlisted file present', async () => {
    const [first, second] = Object.keys(FILES).sort() as [string, string];
    await write({
      'environment.json': environmentJson({ manifests: [first, second] }),
      [first]: FILES[first]!,
      'manifests/shop-dev--configmap--stale.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: stale}\n',
    });
    expect(await loadProblems()).toEqual([
      `${second}: listed in environment.json but missing (partially published folder?): re-run ferry synth and publish`,
      'manifests/shop-dev--configmap--stale.yaml: not listed in environment.json (stale or partially published folder?): re-run ferry synth and publish',
    ]);
  });

  it('collects environment-name, completeness and manifest problems into one error', async () => {
    await write({
      'environment.json': environmentJson(),
      ...FILES,
      'manifests/shop-dev--configmap--settings.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: shop-dev}\n',
    });
    await expect(loadEnvironmentFolder(dir, { expectedName: 'staging' })).rejects.toThrow(
      /2 problems in .*:\n  environment\.json: describes environment "dev", expected "staging"\n  manifests\/shop-dev--configmap--settings\.yaml: document 1: missing metadata\.name/,
    );
  });

  it('rejects a newer schemaVersion', async () => {
    await write({ 'environment.json': environmentJson({ schemaVersion: 3 }), ...FILES });
    expect(await loadProblems()).toEqual([
      'environment.json: schemaVersion 3 was written by a newer Ferry; this operator reads up to 2: upgrade the operator',
    ]);
  });
});

describe('parseEnvironmentJson', () => {
  it('reports invalid JSON and every bad field', () => {
    expect(parseEnvironmentJson('{').problems[0]!.message).toMatch(/^invalid JSON: /);
    expect(parseEnvironmentJson('{"name":"dev"}').problems.map((p) => p.message)).toEqual([
      'missing schemaVersion',
    ]);
    const r = parseEnvironmentJson(
      JSON.stringify({
        schemaVersion: 1,
        name: '',
        destination: { cluster: 'c' },
        syncPolicy: {},
        manifests: ['x.yaml'],
      }),
    );
    expect(r.spec).toBeUndefined();
    expect(r.problems.map((p) => p.message)).toEqual([
      'name must be a non-empty string',
      'sourceCommit must be a non-empty string',
      'destination.namespace must be a non-empty string',
      'syncPolicy.automated must be true or false',
      'syncPolicy.prune must be true or false',
      'syncPolicy.selfHeal must be true or false',
      'syncPolicy.allowEmpty must be true or false',
      'manifests entry "x.yaml" must look like "manifests/<file>.yaml"',
    ]);
  });

  it('keeps infra when present', () => {
    const r = parseEnvironmentJson(
      environmentJson({
        schemaVersion: 2,
        infra: { stack: 'dev', target: 'local', file: 'infra/stack.json' },
      }),
    );
    expect(r.problems).toEqual([]);
    expect(r.spec!.infra).toEqual({ stack: 'dev', target: 'local', file: 'infra/stack.json' });
  });

  it('reads a schema 1 folder: its infra names a stack but has no description to run', () => {
    const r = parseEnvironmentJson(
      environmentJson({
        infra: { stack: 'dev', needs: [{ component: 'api', kind: 'postgres', name: 'db' }] },
      }),
    );
    expect(r.problems).toEqual([]);
    expect(r.spec!.schemaVersion).toBe(1);
    expect(r.spec!.infra).toEqual({ stack: 'dev' });
  });

  it('rejects a schema 2 infra without its description file', () => {
    const r = parseEnvironmentJson(
      environmentJson({ schemaVersion: 2, infra: { stack: 'dev', target: 'local', file: 'infra/x.json' } }),
    );
    expect(r.problems.map((p) => p.message)).toEqual(['infra.file must be "infra/stack.json"']);
  });
});
