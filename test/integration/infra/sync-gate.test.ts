/**
 * The infra gate of `ferry sync`, as a user runs it, on the real engine (pulumi CLI and kubernetes
 * provider built by tools/), a local file backend and the run's control plane: the stack is brought
 * up before the first manifest is applied; an unchanged description skips the step and the sync
 * writes nothing; a broken description fails the sync at stage infra with nothing written.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  infraSandbox,
  infraSecretNames,
  kubectlJson,
  kubectlRaw,
  testKubeconfig,
  type InfraSandbox,
} from '../helpers';
import { synthTo } from '../sync/fixture';

const env = `gate-${process.pid}`;
const broken = `gate-broken-${process.pid}`;
let sandbox: InfraSandbox;
let folder: string;

const sync = (name: string, dir: string) =>
  sandbox.ferry(['sync', name, '--dir', dir, '--kubeconfig', testKubeconfig()], { timeoutMs: 240_000 });

interface Inventory {
  data: { operation: string; infra?: string };
}
const inventory = (name: string) =>
  kubectlJson<Inventory>(['get', 'configmap', `ferry-inventory-${name}`], { namespace: 'ferry-system' });

beforeAll(() => {
  sandbox = infraSandbox('gate');
  folder = synthTo(mkdtempSync(join(sandbox.dir, 'dist-')), env, { infra: true });
});
afterAll(async () => {
  for (const name of [env, broken]) {
    await kubectlRaw(['delete', 'namespace', name, '--wait=false', '--ignore-not-found']);
    await kubectlRaw([
      'delete',
      'configmap',
      `ferry-inventory-${name}`,
      '-n',
      'ferry-system',
      '--ignore-not-found',
    ]);
  }
  sandbox?.cleanup();
});

test('sync brings the infra up first, then the app; a second sync skips the infra and writes nothing', async () => {
  const first = await sync(env, folder);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  const out = first.stdout;
  expect(out).toMatch(/^sync needed: first sync/m);
  expect(out).toContain(`infra up of ${env} (stack shop/${env})`);
  expect(out).toMatch(/^  created\s+kubernetes:core\/v1:Secret public-api-db-connection$/m);
  expect(out).toMatch(/^infra: succeeded, 16 created, 0 unchanged$/m);
  // Every infra line comes before the first manifest is applied.
  const lastInfra = out.lastIndexOf('kubernetes:core/v1:Secret');
  const firstApply = out.search(/created\s+Deployment\//);
  expect(firstApply).toBeGreaterThan(lastInfra);
  expect(out).toMatch(/^OK: synced \d+ objects/m);

  expect(await infraSecretNames(env)).toEqual(['frontend-assets', 'orders-queue', 'public-api-db']);
  await kubectlJson(['get', 'deployment', 'public-api'], { namespace: env });
  const recorded = JSON.parse((await inventory(env)).data.infra!) as Record<string, unknown>;
  expect(recorded).toMatchObject({
    stack: `shop/${env}`,
    hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    result: 'succeeded',
    resources: 16,
    outputs: { secrets: ['frontend-assets', 'orders-queue', 'public-api-db'], target: 'local' },
  });

  const diff = await sandbox.ferry(['diff', env, '--dir', folder, '--kubeconfig', testKubeconfig()]);
  expect(diff.stdout).toMatch(/is in sync with .*: no changes/);
  const second = await sync(env, folder);
  expect(second.code).toBe(0);
  expect(second.stdout).toContain(`infra of ${env}: skipped, unchanged since the last successful up`);
  expect(second.stdout).not.toContain('infra up of');
  expect(second.stdout).toMatch(/^OK: already in sync .*; 0 writes,/m);

  const status = await sandbox.ferry(['status', env, '--dir', folder, '--kubeconfig', testKubeconfig()]);
  expect(status.stdout).toMatch(
    new RegExp(`^infra: stack shop/${env} up at local:[0-9a-f]+ \\(16 resources\\)$`, 'm'),
  );

  // A changed description (a new need) is a reason to sync, named as such.
  const file = join(folder, 'infra', 'stack.json');
  const description = JSON.parse(readFileSync(file, 'utf8')) as { needs: Record<string, unknown>[] };
  description.needs.push({
    component: 'worker',
    name: 'emails',
    kind: 'queue',
    visibilityTimeoutSeconds: 30,
  });
  writeFileSync(file, JSON.stringify(description, null, 2));
  const changed = await sandbox.ferry(['diff', env, '--dir', folder, '--kubeconfig', testKubeconfig()]);
  expect(changed.stdout).toMatch(
    /^~ infra stack shop\/.*: the description changed since the last successful up/m,
  );
  expect(changed.code).toBe(1);
  const third = await sync(env, folder);
  expect(third.stderr).toBe('');
  expect(third.stdout).toMatch(/^sync needed: infra changed \(stack shop\/.*the description differs/m);
  expect(third.stdout).toMatch(/^infra: succeeded, \d+ created, 16 unchanged$/m);
  expect(third.code).toBe(0);
  await kubectlJson(['get', 'secret', 'emails'], { namespace: env });
});

test('a broken infra description fails the sync at stage infra before anything is written', async () => {
  const dir = synthTo(mkdtempSync(join(sandbox.dir, 'dist-')), broken, { infra: true });
  const file = join(dir, 'infra', 'stack.json');
  const description = JSON.parse(readFileSync(file, 'utf8')) as { needs: Record<string, unknown>[] };
  description.needs[0] = { ...description.needs[0], kind: 'redis' };
  writeFileSync(file, JSON.stringify(description, null, 2));

  const r = await sync(broken, dir);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    /^FAILED \[infra\]: 1 problem in .*; nothing was applied:\n\s+infra\/stack\.json: .*\.kind: unknown kind "redis"/m,
  );
  expect(r.stderr).toMatch(/0 writes/);
  expect((await kubectlRaw(['get', 'namespace', broken])).stderr).toContain('NotFound');
  expect(
    (await kubectlRaw(['get', 'configmap', `ferry-inventory-${broken}`, '-n', 'ferry-system'])).stderr,
  ).toContain('NotFound');
});

test('without a passphrase the sync refuses at stage infra, before anything is written', async () => {
  const dir = synthTo(mkdtempSync(join(sandbox.dir, 'dist-')), broken, { infra: true });
  const r = await sandbox.ferry(['sync', broken, '--dir', dir, '--kubeconfig', testKubeconfig()], {
    env: { PULUMI_CONFIG_PASSPHRASE: undefined },
  });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    /^FAILED \[infra\]: the infra of ".*" \(stack shop\/.*\) changed and must be brought up first, but the Pulumi backend file:\/\/.* set PULUMI_CONFIG_PASSPHRASE/m,
  );
  expect((await kubectlRaw(['get', 'namespace', broken])).stderr).toContain('NotFound');
});
