import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { previewId } from '../../../constructs/preview-name';
import { synthEnvironments, UnknownEnvironmentError } from '../../../constructs/synth';
import { readTree } from './tree';

const APP = path.join(__dirname, 'fixtures', 'app.ts');
const ENVIRONMENTS = path.join(__dirname, '..', '..', '..', 'environments', 'index.ts');

describe('synthEnvironments', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-synth-'));
    delete process.env.FIXTURE_BROKEN;
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    delete process.env.FIXTURE_BROKEN;
  });

  it('is byte-identical on re-run, and the same with worker threads as without', async () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    const c = path.join(tmp, 'c');
    await synthEnvironments({ app: ENVIRONMENTS, outDir: a, sourceCommit: 'abc', workers: 0 });
    await synthEnvironments({ app: ENVIRONMENTS, outDir: b, sourceCommit: 'abc', workers: 0 });
    const r = await synthEnvironments({
      app: ENVIRONMENTS,
      outDir: c,
      sourceCommit: 'abc',
      workers: 1,
      parallelFrom: 2,
    });
    expect(r.ok).toBe(true);
    const tree = readTree(a);
    expect(Object.keys(tree).length).toBeGreaterThan(60);
    expect(readTree(b)).toEqual(tree);
    expect(readTree(c)).toEqual(tree);
    expect(fs.readdirSync(c).sort()).toEqual([
      'dev',
      'ferry-system',
      'preview-feature-login-df7c7aeb',
      'production',
      'staging',
    ]);
  }, 30000);

  it('writes environment.json listing exactly the manifests written', async () => {
    await synthEnvironments({ app: APP, outDir: tmp, sourceCommit: null, workers: 0 });
    const json = JSON.parse(fs.readFileSync(path.join(tmp, 'one', 'environment.json'), 'utf8'));
    expect(Object.keys(json)).toEqual([
      'schemaVersion',
      'name',
      'sourceCommit',
      'destination',
      'syncPolicy',
      'infra',
      'manifests',
    ]);
    expect(json.sourceCommit).toBeNull();
    expect(json.manifests).toEqual(
      fs
        .readdirSync(path.join(tmp, 'one', 'manifests'))
        .map((f) => `manifests/${f}`)
        .sort(),
    );
  });

  it('collects every issue, writes the valid environments and leaves no folder for the failing one', async () => {
    await synthEnvironments({ app: APP, outDir: tmp, sourceCommit: null, workers: 0 });
    expect(fs.existsSync(path.join(tmp, 'broken'))).toBe(true);
    process.env.FIXTURE_BROKEN = '1';
    const r = await synthEnvironments({ app: APP, outDir: tmp, sourceCommit: null, workers: 0 });
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([
      {
        env: 'broken',
        component: 'api',
        field: 'autoscaling.maxReplicas',
        problem: '(2) must be >= minReplicas (3)',
      },
      {
        env: 'broken',
        component: 'api',
        field: 'ingress.hosts',
        problem: '"bad host" is not a valid host name',
      },
    ]);
    expect(fs.readdirSync(tmp).sort()).toEqual(['one', 'two']);
  });

  it('synthesises only the requested environments and names unknown ones', async () => {
    await synthEnvironments({ app: APP, outDir: tmp, sourceCommit: null, only: ['two'], workers: 0 });
    expect(fs.readdirSync(tmp)).toEqual(['two']);
    await expect(
      synthEnvironments({ app: APP, outDir: tmp, sourceCommit: null, only: ['three'] }),
    ).rejects.toThrow(new UnknownEnvironmentError(['three'], ['one', 'two', 'broken']));
    await expect(
      synthEnvironments({ app: APP, outDir: tmp, sourceCommit: null, only: ['three'] }),
    ).rejects.toThrow('unknown environment "three"; known: one, two, broken');
  });

  it('removes folders of environments that no longer exist when synthesising all', async () => {
    fs.mkdirSync(path.join(tmp, 'gone'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'gone', 'environment.json'), '{}');
    fs.mkdirSync(path.join(tmp, 'not-an-env'));
    await synthEnvironments({ app: APP, outDir: tmp, sourceCommit: null, workers: 0 });
    expect(fs.readdirSync(tmp).sort()).toEqual(['broken', 'not-an-env', 'one', 'two']);
  });

  it('lines up the progress columns when a preview name is longer than the default column', async () => {
    const lines: string[] = [];
    const branch = 'feature/a-branch-name-long-enough-to-be-cut';
    const r = await synthEnvironments({
      app: APP,
      outDir: tmp,
      sourceCommit: null,
      workers: 0,
      context: { previewBranches: [branch] },
      log: (line) => lines.push(line),
    });
    expect(r.ok).toBe(true);
    const preview = `pr-${previewId(branch)}`;
    expect(preview).toMatch(/^pr-feature-a-branch-name-long-eno-[0-9a-f]{8}$/);
    expect(r.environments.map((e) => e.name)).toEqual(['one', 'two', 'broken', preview]);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(new RegExp(`^${preview} 7 objects\\s+\\d+ ms$`));
    // the object counts start in one column, right after the longest name
    expect(lines.map((l) => l.search(/\d+ objects/))).toEqual([1, 2, 3, 4].map(() => preview.length + 1));
  });
});
