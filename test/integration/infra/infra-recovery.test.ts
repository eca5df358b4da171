/**
 * A `ferry infra up` killed midway (the CLI, its infra child process and pulumi all SIGKILLed at
 * once, as when a machine or pod dies) leaves pulumi's stack lock and Ferry's operation lock behind;
 * the next `up` sees that their processes are gone, clears them, finishes the update, and a third
 * `up` changes nothing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  infraSandbox,
  infraSecretNames,
  kubectlJson,
  kubectlRaw,
  killTree,
  waitFor,
  type InfraSandbox,
} from '../helpers';
import { synthTo } from '../sync/fixture';

const env = `infra-kill-${process.pid}`;
let sandbox: InfraSandbox;
let folder: string;

beforeAll(() => {
  sandbox = infraSandbox('kill');
  folder = synthTo(mkdtempSync(join(sandbox.dir, 'dist-')), env, { infra: true });
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

  expect(await infraSecretNames(env)).toEqual(['frontend-assets', 'orders-queue', 'public-api-db']);

  const third = await sandbox.ferry(['infra', 'up', env, '--dir', folder]);
  expect(third.code).toBe(0);
  expect(third.stdout).not.toMatch(/^\s+(created|updated|deleted|replaced)\s/m);
  expect(third.stdout).not.toContain('stale lock');
});

test('operations an interrupted update left in flight are dropped and done again', async () => {
  // The checkpoint as a crash between "creating" and "created" leaves it: the Secret (nothing depends
  // on it) is not among the resources but pending; the object itself exists in the cluster.
  const file = join(sandbox.state, '.pulumi', 'stacks', 'shop', `${env}.json`);
  const cp = JSON.parse(readFileSync(file, 'utf8'));
  const latest = cp.checkpoint.latest;
  const index = latest.resources.findIndex((r: { urn: string }) =>
    r.urn.endsWith('::frontend-assets-connection'),
  );
  expect(index).toBeGreaterThan(0);
  const [secret] = latest.resources.splice(index, 1);
  latest.pending_operations = [{ resource: secret, type: 'creating' }];
  writeFileSync(file, JSON.stringify(cp));
  const secretData = async () =>
    (
      await kubectlJson<{ data: Record<string, string> }>(['get', 'secret', 'frontend-assets'], {
        namespace: env,
      })
    ).data;
  const before = await secretData();

  const r = await sandbox.ferry(['infra', 'up', env, '--dir', folder]);
  expect(r.stdout).toContain(
    'an interrupted update left 1 operation(s) in flight (creating frontend-assets-connection)',
  );
  expect(r.stdout).toMatch(/^ {2}created\s+kubernetes:core\/v1:Secret frontend-assets-connection$/m);
  expect(r.stdout).toMatch(/^OK: infra up of .*: 1 created, 15 unchanged/m);
  expect(r.code).toBe(0);
  // Adopted by server-side apply, with the same content.
  expect(await secretData()).toEqual(before);
  expect(JSON.parse(readFileSync(file, 'utf8')).checkpoint.latest.pending_operations ?? []).toEqual([]);
});
