/** `ferry publish` as CI runs it: exit codes, the default remote, concurrent processes, credentials. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Scratch, SourceRepo, branchFiles, branchLog, git, writeEnv } from './repos';

const ROOT = join(__dirname, '..', '..', '..');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');
const FERRY = join(ROOT, 'bin', 'ferry.js');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function ferry(cwd: string, args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(NODE, [FERRY, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ferryAsync(cwd: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(NODE, [FERRY, ...args], { cwd, env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('ferry publish (CLI)', () => {
  let scratch: Scratch;
  let remote: string;
  let source: SourceRepo;

  beforeEach(() => {
    scratch = new Scratch();
    remote = scratch.bare();
    source = new SourceRepo(scratch.path('source'));
    git(source.dir, 'remote', 'add', 'origin', remote);
  });
  afterEach(() => scratch.dispose());

  it('publishes to the deploy branch of origin by default, then reports nothing to publish', () => {
    const a = source.commit('A');
    writeEnv(join(source.dir, 'dist'), 'dev', { sourceCommit: a, images: { api: '1.0' } });
    const first = ferry(source.dir, ['publish']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      `published ${branchLog(remote)[0]!.slice(0, 12)} to deploy: dev (source ${a.slice(0, 12)})`,
    );
    const again = ferry(source.dir, ['publish']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /nothing to publish \(source [0-9a-f]{12}\): deploy at [0-9a-f]{12} already has every environment/,
    );
    expect(branchLog(remote)).toHaveLength(1);
  }, 60_000);

  it('exits 2 on a malformed dist/ and 1 when refusing an older source commit', () => {
    const a = source.commit('A');
    const b = source.commit('B');
    const dist = join(source.dir, 'dist');
    writeEnv(dist, 'dev', { sourceCommit: b, images: { api: '2.0' } });
    expect(ferry(source.dir, ['publish']).code).toBe(0);
    writeEnv(dist, 'dev', { sourceCommit: a, images: { api: '1.0' } });
    const refused = ferry(source.dir, ['publish']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refusing to publish to deploy of');
    expect(refused.stderr).toContain('pass --force');
    expect(ferry(source.dir, ['publish', '--force']).code).toBe(0);
    const missing = ferry(source.dir, ['publish', '--dist', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope does not exist; run `ferry synth` first/);
  }, 60_000);

  it('lands two publish processes started at once (two previews)', async () => {
    const a = source.commit('A');
    writeEnv(scratch.path('one'), 'preview-one', { sourceCommit: a, images: { api: 'branch-one' } });
    writeEnv(scratch.path('two'), 'preview-two', { sourceCommit: a, images: { api: 'branch-two' } });
    const [one, two] = await Promise.all([
      ferryAsync(source.dir, ['publish', '--dist', scratch.path('one')]),
      ferryAsync(source.dir, ['publish', '--dist', scratch.path('two')]),
    ]);
    expect([one.code, two.code, one.stderr + two.stderr]).toEqual([0, 0, '']);
    expect(branchFiles(remote).filter((f) => f.endsWith('environment.json'))).toEqual([
      'preview-one/environment.json',
      'preview-two/environment.json',
    ]);
    expect(branchLog(remote)).toHaveLength(2);
  }, 60_000);

  it('never shows the token, even when the remote fails', () => {
    const a = source.commit('A');
    writeEnv(join(source.dir, 'dist'), 'dev', { sourceCommit: a, images: { api: '1.0' } });
    const r = ferry(source.dir, ['publish', '--repo', 'https://127.0.0.1:9/acme/deploy.git'], {
      FERRY_GIT_TOKEN: 'tok-s3cr3t-value',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot fetch deploy of https://127.0.0.1:9/acme/deploy.git');
    expect(r.stdout + r.stderr).not.toContain('tok-s3cr3t-value');
  }, 60_000);
});
