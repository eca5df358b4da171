import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');
const APP = path.join(__dirname, 'fixtures', 'app.ts');

function ferry(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(NODE, [path.join(ROOT, 'bin', 'ferry.js'), 'synth', ...args], {
    cwd: ROOT,
    env: { ...process.env, FERRY_SOURCE_COMMIT: 'f'.repeat(40), ...env },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('ferry synth (CLI)', () => {
  let out: string;
  beforeEach(() => (out = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-cli-'))));
  afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

  it('exits 0, prints one line per environment and records the source commit', () => {
    const r = ferry(['--app', APP, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^one\s+7 objects\s+\d+ ms$/m);
    expect(r.stdout).toMatch(/synthesised 3 environments \(21 objects\)/);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'one', 'environment.json'), 'utf8')).sourceCommit).toBe(
      'f'.repeat(40),
    );
  }, 30000);

  it('exits 2 on an invalid environment, naming environment, component and field, and writes no folder for it', () => {
    const r = ferry(['--app', APP, '--out', out], { FIXTURE_BROKEN: '1' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[broken/api] autoscaling.maxReplicas: (2) must be >= minReplicas (3)\n');
    expect(r.stderr).toContain('[broken/api] ingress.hosts: "bad host" is not a valid host name\n');
    expect(fs.readdirSync(out).sort()).toEqual(['one', 'two']);
  }, 30000);

  it('exits 2 on an unknown environment and lists the known ones', () => {
    const r = ferry(['--app', APP, '--out', out, '--env', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ferry synth: unknown environment "nope"; known: one, two, broken\n');
    expect(fs.readdirSync(out)).toEqual([]);
  }, 30000);

  it('exits 2 naming the class when an environment constructor throws, and leaves no folder', () => {
    expect(ferry(['--app', APP, '--out', out]).code).toBe(0);
    const r = ferry(['--app', APP, '--out', out], { FIXTURE_MODE: 'throw' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^\[Exploding\] constructor: settings file not found \(at test\/unit\/synth\/fixtures\/app\.ts:\d+:\d+\)$/m,
    );
    expect(r.stderr).toContain('ferry synth: 1 problem; not written: Exploding\n');
    expect(fs.readdirSync(out)).toEqual([]);
  }, 30000);

  it('takes preview branches from --preview or FERRY_PREVIEW_BRANCHES', () => {
    expect(ferry(['--app', APP, '--out', out, '--preview', 'feature/a', 'fix-1']).code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['broken', 'one', 'pr-feature-a-951d42dc', 'pr-fix-1', 'two']);
    expect(ferry(['--app', APP, '--out', out], { FERRY_PREVIEW_BRANCHES: 'fix-2\nfix-3' }).code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['broken', 'one', 'pr-fix-2', 'pr-fix-3', 'two']);
  }, 30000);

  it('exits 2 when the environments module cannot be loaded', () => {
    const r = ferry(['--app', path.join(out, 'missing.ts'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot load environments module');
  }, 30000);
});
