/**
 * The `ferry` program: the authoring commands come from constructs/cli and are registered only
 * when constructs/ is present, so an operator image without it still runs the operator commands.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');

function run(root: string, args: string[]) {
  const r = spawnSync(NODE, [path.join(root, 'bin', 'ferry.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('ferry program', () => {
  it('lists the authoring and operator commands in a full checkout', () => {
    const r = run(ROOT, ['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['synth', 'diff', 'sync', 'status', 'cluster'])
      expect(r.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
  }, 30000);

  it('prints its version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = run(ROOT, ['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  }, 30000);

  it('runs the operator commands without constructs/ (the operator image)', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-operator-image-'));
    try {
      for (const dir of ['bin', 'operator'])
        fs.cpSync(path.join(ROOT, dir), path.join(tmp, dir), { recursive: true });
      fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(tmp, 'package.json'));
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp, 'node_modules'));
      const help = run(tmp, ['--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^ {2}sync\b/m);
      expect(help.stdout).not.toMatch(/^ {2}synth\b/m);
      const synth = run(tmp, ['synth']);
      expect(synth.code).toBe(2);
      expect(synth.stderr).toContain("unknown command 'synth'");
      const sync = run(tmp, ['sync', 'dev']);
      expect(sync.code).toBe(2);
      expect(sync.stderr).toContain('pass --repo URL (the deploy repository) or --dir PATH (e.g. dist/dev)');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 30000);
});
