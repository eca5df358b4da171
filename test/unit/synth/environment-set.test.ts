/**
 * The environment set as a whole: shared destinations, duplicate names and throwing constructors
 * fail naming the environment, and leave no folder that does not match the source.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatIssue } from '../../../constructs';
import { synthEnvironments } from '../../../constructs/synth';

const APP = path.join(__dirname, 'fixtures', 'app.ts');

describe('the environment set', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-set-'));
    delete process.env.FIXTURE_MODE;
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    delete process.env.FIXTURE_MODE;
  });
  const run = () => synthEnvironments({ app: APP, outDir: tmp, sourceCommit: null, workers: 0 });

  it('refuses two environments with one destination, removes both folders and writes the others', async () => {
    await run();
    expect(fs.readdirSync(tmp).sort()).toEqual(['broken', 'one', 'two']);
    process.env.FIXTURE_MODE = 'shared-destination';
    const r = await run();
    expect(r.ok).toBe(false);
    expect(r.issues.map(formatIssue)).toEqual([
      `[two] destination: cluster "local", namespace "fx-two" is also the destination of qa; environments sharing a namespace would prune each other's objects`,
      `[qa] destination: cluster "local", namespace "fx-two" is also the destination of two; environments sharing a namespace would prune each other's objects`,
    ]);
    expect(fs.readdirSync(tmp).sort()).toEqual(['broken', 'one']);
  });

  it('refuses duplicate environment names and removes the old folder of that name', async () => {
    await run();
    process.env.FIXTURE_MODE = 'duplicate-name';
    const r = await run();
    expect(r.issues.map(formatIssue)).toEqual([
      '[two] name: is used by more than one environment (Simple, Simple)',
    ]);
    expect(fs.readdirSync(tmp).sort()).toEqual(['broken', 'one']);
  });

  it('names the class and line of a throwing environment constructor and removes every environment folder', async () => {
    await run();
    process.env.FIXTURE_MODE = 'throw';
    const r = await run();
    expect(r.ok).toBe(false);
    expect(r.issues.map(formatIssue)).toEqual([
      expect.stringMatching(
        /^\[Exploding\] constructor: settings file not found \(at test\/unit\/synth\/fixtures\/app\.ts:\d+:\d+\)$/,
      ),
    ]);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('passes the preview branches to the app', async () => {
    const r = await synthEnvironments({
      app: APP,
      outDir: tmp,
      sourceCommit: null,
      workers: 0,
      context: { previewBranches: ['feature/a', 'fix-1'] },
    });
    expect(r.ok).toBe(true);
    expect(fs.readdirSync(tmp).sort()).toEqual(['broken', 'one', 'pr-feature-a-951d42dc', 'pr-fix-1', 'two']);
  });
});
