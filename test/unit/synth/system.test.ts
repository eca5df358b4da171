/**
 * ferry-system through the synth engine: synthesised last from the other environments'
 * footprints, with or without --env, refused when an environment it derives from fails, and
 * checked against the environment set.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { formatIssue } from '../../../constructs';
import { contextFromEnv, synthEnvironments, type SynthOptions } from '../../../constructs/synth';
import { readTree } from './tree';

const APP = path.join(__dirname, 'fixtures', 'platform.ts');
const APPLY_ROLE =
  'ferry-system/manifests/_cluster--clusterrole.rbac.authorization.k8s.io--ferry-operator-apply.yaml';

describe('ferry-system in the synth engine', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-system-'));
    delete process.env.FIXTURE_BROKEN;
    delete process.env.FIXTURE_MODE;
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    delete process.env.FIXTURE_BROKEN;
    delete process.env.FIXTURE_MODE;
  });
  const run = (opts: Partial<SynthOptions> = {}) =>
    synthEnvironments({ app: APP, outDir: tmp, sourceCommit: null, workers: 0, ...opts });
  const applyGroups = () =>
    (
      parse(readTree(tmp)[APPLY_ROLE]) as { rules: Array<{ apiGroups: string[]; resources: string[] }> }
    ).rules.map((r) => `${r.apiGroups[0]}/${r.resources.join(',')}`);

  it('is synthesised after the others, in the same run, with an Environment per environment', async () => {
    const r = await run();
    expect(r.ok).toBe(true);
    expect(r.environments.map((e) => e.name)).toEqual(['crds', 'one', 'far', 'ferry-system']);
    expect(fs.readdirSync(tmp).sort()).toEqual(['crds', 'far', 'ferry-system', 'one']);
    const files = Object.keys(readTree(tmp)).filter((f) => f.includes('environment.ferry.dev'));
    expect(files.map((f) => path.basename(f))).toEqual([
      'ferry-system--environment.ferry.dev--crds.yaml',
      'ferry-system--environment.ferry.dev--far.yaml',
      'ferry-system--environment.ferry.dev--ferry-system.yaml',
      'ferry-system--environment.ferry.dev--one.yaml',
    ]);
    // The Gadget of "one", named by the CRD of "crds"; far's ConfigMap is in another cluster.
    expect(applyGroups()).toContain('example.com/gadgets');
    expect(applyGroups().join(' ')).not.toContain('configmaps');
  });

  it('is the same with worker threads', async () => {
    await run();
    const alone = readTree(tmp);
    fs.rmSync(tmp, { recursive: true });
    expect((await run({ workers: 1, parallelFrom: 2 })).ok).toBe(true);
    expect(readTree(tmp)).toEqual(alone);
  });

  it('--env ferry-system synthesises the others in memory and writes only ferry-system', async () => {
    const r = await run({ only: ['ferry-system'] });
    expect(r.ok).toBe(true);
    expect(fs.readdirSync(tmp)).toEqual(['ferry-system']);
    expect(applyGroups()).toContain('example.com/gadgets');
  });

  it('--env one leaves ferry-system as it is', async () => {
    await run();
    const before = fs.readFileSync(path.join(tmp, APPLY_ROLE), 'utf8');
    fs.rmSync(path.join(tmp, 'one'), { recursive: true });
    const r = await run({ only: ['one'], context: { operatorImage: 'other:2' } });
    expect(r.environments.map((e) => e.name)).toEqual(['one']);
    expect(fs.readFileSync(path.join(tmp, APPLY_ROLE), 'utf8')).toBe(before);
    expect(JSON.stringify(readTree(tmp))).not.toContain('other:2');
  });

  it('gets no folder when an environment it derives from fails, and says which', async () => {
    await run();
    process.env.FIXTURE_BROKEN = '1';
    const r = await run();
    expect(r.ok).toBe(false);
    expect(r.issues.map(formatIssue)).toEqual([
      '[one] gadget: is broken on purpose',
      '[ferry-system] environments: is derived from one, which did not synthesise (see its problems); fix it and synthesise again',
    ]);
    expect(fs.readdirSync(tmp).sort()).toEqual(['crds', 'far']);
    // The same with --env ferry-system, where "one" is synthesised in memory only.
    expect((await run({ only: ['ferry-system'] })).issues.map((i) => i.env)).toEqual(['ferry-system']);
  });

  it('refuses an Environment for an environment that is not synthesised', async () => {
    process.env.FIXTURE_MODE = 'unlisted';
    const r = await run();
    expect(r.issues.map(formatIssue)).toEqual([
      `[ferry-system] environments: "ghost" is not returned by allEnvironments(), so its folder would never exist on the deploy branch; return it too, or leave it out of FerrySystem's environments`,
    ]);
    expect(fs.existsSync(path.join(tmp, 'ferry-system'))).toBe(false);
  });

  it('notes an environment the operator will not sync', async () => {
    process.env.FIXTURE_MODE = 'unmanaged';
    const lines: string[] = [];
    const r = await run({ log: (l) => lines.push(l) });
    expect(r.ok).toBe(true);
    const note = `[ferry-system] environments: "manual" has no Environment: the operator will not sync it (add it to FerrySystem's environments if it should)`;
    expect(r.environments.find((e) => e.name === 'ferry-system')!.notes.map(formatIssue)).toEqual([note]);
    expect(lines).toContain(`  note: ${note}`);
  });

  it('takes the operator image from FERRY_OPERATOR_IMAGE', async () => {
    expect(contextFromEnv({ FERRY_OPERATOR_IMAGE: 'registry.example.com/op:sha-1' }).operatorImage).toBe(
      'registry.example.com/op:sha-1',
    );
    expect(contextFromEnv({ FERRY_OPERATOR_IMAGE: '' }).operatorImage).toBeUndefined();
    expect(contextFromEnv({ FERRY_DEPLOY_REPO: '/srv/d.git', FERRY_DEPLOY_BRANCH: 'try' })).toMatchObject({
      deployRepo: '/srv/d.git',
      deployBranch: 'try',
    });
    await run({ context: contextFromEnv({ FERRY_OPERATOR_IMAGE: 'registry.example.com/op:sha-1' }) });
    const deployment =
      readTree(tmp)['ferry-system/manifests/ferry-system--deployment.apps--ferry-operator.yaml'];
    expect(deployment).toContain('image: registry.example.com/op:sha-1\n');
  });
});
