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

  it('exits 2 when the environments module cannot be loaded', () => {
    const r = ferry(['--app', path.join(out, 'missing.ts'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot load environments module');
  }, 30000);
});
