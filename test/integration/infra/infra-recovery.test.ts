/**
 * A `ferry infra up` killed midway (the CLI, its infra child process and pulumi all SIGKILLed at
 * once, as when a machine or pod dies) leaves pulumi's stack lock and Ferry's operation lock behind;
 * the next `up` sees that their processes are gone, clears them, finishes the update, and a third
 * `up` changes nothing.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { infraSandbox, kubectlJson, kubectlRaw, killTree, waitFor, type InfraSandbox } from '../helpers';
import { synthTo } from '../sync/fixture';

const env = `infra-kill-${process.pid}`;
let sandbox: InfraSandbox;
let folder: string;

beforeAll(() => {
  sandbox = infraSandbox('kill');
  folder = synthTo(mkdtempSync(join(sandbox.dir, 'dist-')), env);
});
afterAll(async () => {
  await kubectlRaw(['delete', 'namespace', env, '--wait=false', '--ignore-not-found']);
  sandbox?.cleanup();
});

test('a killed up leaves stale locks; the next up clears them and converges', async () => {
  const { child, output } = sandbox.spawnFerry(['infra', 'up', env, '--dir', folder]);
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  // Midway: pulumi holds its lock and has started creating resources.
  await waitFor(() => /^\s+creat(ing|ed)\s/m.test(output()), {
    timeout: 150_000,
    interval: 20,
    description: 'ferry infra up to start creating resources',
  });
  const killed = killTree(child.pid!);
  await exited;
  expect(killed.length).toBeGreaterThanOrEqual(3); // ferry, its infra child, pulumi (and plugins)
  expect(output()).not.toMatch(/^OK:/m);

  // What a crash leaves behind: pulumi's lock of the stack, Ferry's lock of the operation.
  expect(sandbox.locks('shop', env)).toHaveLength(1);
  const ferryLocks = join(sandbox.dir, 'cache', 'infra', 'locks');
  expect(existsSync(ferryLocks) ? readdirSync(ferryLocks) : []).toEqual([`shop.${env}.lock`]);

  const rerun = await sandbox.ferry(['infra', 'up', env, '--dir', folder]);
  expect(rerun.stderr).toBe('');
  expect(rerun.stdout).toMatch(new RegExp(`cleared a stale lock of ${env}: infra up of ${env} \\(pid \\d+`));
  expect(rerun.stdout).toMatch(new RegExp(`cleared a stale lock of ${env}: pid \\d+ on \\S+`));
  expect(rerun.stdout).toMatch(/^OK: infra up of /m);
  expect(rerun.code).toBe(0);
  expect(sandbox.locks('shop', env)).toEqual([]);
  expect(readdirSync(ferryLocks)).toEqual([]);

  const secrets = await kubectlJson<{ items: { metadata: { name: string } }[] }>(
    ['get', 'secrets', '-l', `ferry.dev/infra=${env}`],
    { namespace: env },
  );
  expect(secrets.items.map((s) => s.metadata.name).sort()).toEqual([
    'frontend-assets',
    'orders-queue',
    'public-api-db',
  ]);

  const third = await sandbox.ferry(['infra', 'up', env, '--dir', folder]);
  expect(third.code).toBe(0);
  expect(third.stdout).not.toMatch(/^\s+(created|updated|deleted|replaced)\s/m);
  expect(third.stdout).not.toContain('stale lock');
});
