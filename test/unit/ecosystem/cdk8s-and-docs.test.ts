/**
 * The ecosystem's own commands work on this repository: `npx cdk8s synth` (cdk8s.yaml) writes the
 * same deploy format as `ferry synth`, byte for byte, and `npm run docs` builds the API reference
 * from the constructs' types and doc comments.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readTree } from '../synth/tree';

const ROOT = path.join(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');
const env = {
  ...process.env,
  PATH: `${BIN}${path.delimiter}${process.env.PATH}`,
  FERRY_SOURCE_COMMIT: 'c'.repeat(40),
};

let tmp: string;
beforeAll(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-eco-'))));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

it('npx cdk8s synth writes what ferry synth writes', () => {
  const viaCdk8s = path.join(tmp, 'cdk8s');
  const viaFerry = path.join(tmp, 'ferry');
  // --check-upgrade=false: cdk8s-cli otherwise asks the npm registry for a newer version of itself.
  const a = spawnSync(path.join(BIN, 'cdk8s'), ['synth', '--check-upgrade=false', '--output', viaCdk8s], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });
  expect(a.stderr).not.toMatch(/error/i);
  expect(a.status).toBe(0);
  const b = spawnSync(
    path.join(BIN, 'node'),
    [path.join(ROOT, 'bin', 'ferry.js'), 'synth', '--out', viaFerry],
    {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    },
  );
  expect(b.status).toBe(0);
  const expected = readTree(viaFerry);
  expect(Object.keys(expected).length).toBeGreaterThan(60);
  expect(readTree(viaCdk8s)).toEqual(expected);
}, 120_000);

it('npm run docs builds the API reference from the doc comments', () => {
  const out = path.join(tmp, 'api');
  const r = spawnSync(
    path.join(BIN, 'node'),
    [path.join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out],
    {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    },
  );
  expect(r.stdout + r.stderr).not.toMatch(/\[(warning|error)\]/);
  expect(r.status).toBe(0);
  const page = fs.readFileSync(path.join(out, 'interfaces', 'WebServiceProps.html'), 'utf8');
  expect(page).toContain('readiness');
  expect(page).toContain('Container port.');
  expect(fs.existsSync(path.join(out, 'classes', 'Schedule.html'))).toBe(true);
}, 120_000);
