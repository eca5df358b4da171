/**
 * The `ferry` CLI as a user runs it: sync the dev environment from a bare repository, diff shows
 * no changes, a Deployment deleted by hand shows up as missing, and sync restores it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { kubectl, kubectlRaw, testKubeconfig } from '../helpers';
import { DeployRepo, synthTo } from '../sync/fixture';

const root = resolve(__dirname, '../../..');
const env = `cli-${process.pid}`;
const repo = new DeployRepo();
const cache = mkdtempSync(join(tmpdir(), 'ferry-cli-cache-'));

function ferry(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      join(root, 'node_modules/.bin/node'),
      [join(root, 'bin/ferry.js'), ...args, '--kubeconfig', testKubeconfig()],
      { cwd: root, env: { ...process.env, FERRY_CACHE_DIR: cache }, timeout: 170_000 },
      (err, stdout, stderr) =>
        done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(() => {
  repo.publish(env, synthTo(mkdtempSync(join(tmpdir(), 'ferry-synth-')), env));
});
afterAll(async () => {
  await kubectlRaw(['delete', 'namespace', env, '--wait=false', '--ignore-not-found']);
  repo.dispose();
});

test('sync, diff, drift by hand, diff, sync', async () => {
  const first = await ferry('sync', env, '--repo', repo.url);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(/^PreSync$/m);
  expect(first.stdout).toMatch(/created\s+Deployment\/.*\/public-api/);
  expect(first.stdout).toMatch(/^OK: synced \d+ objects/m);
  expect(first.stdout).toMatch(/OBJECT\s+ACTION\s+HEALTH/);

  const clean = await ferry('diff', env, '--repo', repo.url);
  expect(clean.stdout).toMatch(/is in sync with [0-9a-f]{12}: no changes/);
  expect(clean.code).toBe(0);

  await kubectl(['delete', 'deployment', 'worker'], { namespace: env });
  const drifted = await ferry('diff', env, '--repo', repo.url);
  expect(drifted.code).toBe(1);
  expect(drifted.stdout).toContain(`+ Deployment/${env}/worker`);
  expect(drifted.stdout).toMatch(/1 to create, 0 to change, 0 to recreate, 0 to prune/);

  const status = await ferry('status', env, '--repo', repo.url);
  expect(status.stdout).toMatch(/sync OutOfSync/);
  expect(status.stdout).toMatch(new RegExp(`Deployment/${env}/worker\\s+Missing\\s+NotFound`));
  expect(status.stdout).toMatch(new RegExp(`Deployment/${env}/frontend\\s+Synced\\s+Current`));
  expect(status.code).toBe(1);

  const restore = await ferry('sync', env, '--repo', repo.url);
  expect(restore.stdout + restore.stderr).toMatch(/^OK: /m);
  expect(restore.code).toBe(0);
  expect(restore.stdout).toMatch(/created\s+Deployment\/.*\/worker/);
  await kubectl(['get', 'deployment', 'worker'], { namespace: env });
  expect((await ferry('diff', env, '--repo', repo.url)).code).toBe(0);
});

test('bad input exits 2 naming the problem; an unreachable remote exits 1', async () => {
  const missing = await ferry('sync', env);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/pass --repo URL .* or --dir PATH/);
  const badTimeout = await ferry('sync', env, '--repo', repo.url, '--timeout', 'soon');
  expect(badTimeout.code).toBe(2);
  expect(badTimeout.stderr).toContain('--timeout: "soon" is not a duration');
  const unreachable = await ferry('sync', env, '--repo', 'http://127.0.0.1:9/x.git');
  expect(unreachable.code).toBe(1);
  expect(unreachable.stderr).toContain('Nothing was changed in the cluster');
});

test('credentials in a repository URL never appear in any message', async () => {
  for (const command of ['sync', 'diff', 'status']) {
    const r = await ferry(command, env, '--repo', 'https://bob:s3cr3tTOKEN@127.0.0.1:9/x.git');
    expect(r.stdout + r.stderr).not.toContain('s3cr3tTOKEN');
    if (command !== 'status') expect(r.stdout + r.stderr).toContain('https://***@127.0.0.1:9/x.git');
    expect(r.code).not.toBe(0);
  }
});
