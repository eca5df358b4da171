/**
 * `ferry infra preview|up|destroy` as a user runs them, on the real engine (pulumi CLI and kubernetes
 * provider built by tools/), a local file backend and the run's control plane: the dev environment
 * of the example platform (local target) under a test name and namespace.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointFile } from '../../../operator/adapters/pulumi';
import {
  infraSandbox,
  infraSecretNames,
  kubectlJson,
  kubectlRaw,
  REPO_ROOT,
  runCommand as run,
  type InfraSandbox,
} from '../helpers';
import { synthTo } from '../sync/fixture';

const env = `infra-${process.pid}`;
let sandbox: InfraSandbox;
let folder: string;

beforeAll(() => {
  sandbox = infraSandbox('cli');
  folder = synthTo(mkdtempSync(join(sandbox.dir, 'dist-')), env, { infra: true });
});
afterAll(async () => {
  await kubectlRaw(['delete', 'namespace', env, '--wait=false', '--ignore-not-found']);
  sandbox?.cleanup();
});

const NEEDS = ['frontend-assets', 'orders-queue', 'public-api-db'];

test('preview lists the creates and writes nothing', async () => {
  const r = await sandbox.ferry(['infra', 'preview', env, '--dir', folder]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1); // changes pending
  expect(r.stdout).toContain(`infra preview of ${env} (stack shop/${env})`);
  for (const need of NEEDS) {
    expect(r.stdout).toMatch(
      new RegExp(`^  \\+\\s+create\\s+kubernetes:core/v1:Secret ${need}-connection$`, 'm'),
    );
  }
  expect(r.stdout).toMatch(/^\s+\+\s+create\s+kubernetes:apps\/v1:StatefulSet public-api-db-postgres$/m);
  expect(r.stdout).toMatch(
    /^\s+\+\s+create\s+pulumi-nodejs:dynamic\/ferry:GeneratedSecret public-api-db-password$/m,
  );
  expect(r.stdout).toMatch(
    new RegExp(`^CHANGES: infra preview of ${env} at local:[0-9a-f]{12}: 16 to create, 0 unchanged`, 'm'),
  );
  const ns = await kubectlRaw(['get', 'namespace', env]);
  expect(ns.stderr).toContain('NotFound');
});

test("the operator image's pulumi layout (tools/image-pulumi.sh) previews the same graph", async () => {
  // As the Dockerfile lays it out: one flat directory (FERRY_PULUMI_BIN_DIR), an empty writable
  // PULUMI_HOME (no plugin installed in it), no provider version pinned, tools/ not found.
  const image = mkdtempSync(join(sandbox.dir, 'image-'));
  const layout = await run(
    'bash',
    [join(REPO_ROOT, 'tools', 'image-pulumi.sh'), join(image, 'bin')],
    sandbox.env,
  );
  expect(layout.stderr).toContain(`-> ${join(image, 'bin')}`);
  expect(layout.code).toBe(0);
  const r = await sandbox.ferry(['infra', 'preview', env, '--dir', folder], {
    env: {
      FERRY_TOOLS_CACHE: join(image, 'no-tools'),
      FERRY_PULUMI_BIN_DIR: join(image, 'bin'),
      PULUMI_HOME: join(image, 'pulumi-home'),
      FERRY_PULUMI_KUBERNETES_VERSION: '',
      // Fail at once rather than try a download, should the provider not be found on PATH.
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    },
  });
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(
    new RegExp(`^CHANGES: infra preview of ${env} at local:[0-9a-f]{12}: 16 to create, 0 unchanged`, 'm'),
  );
  expect(r.code).toBe(1);
  expect(existsSync(join(image, 'pulumi-home', 'plugins', 'resource-kubernetes'))).toBe(false);
});

test('up creates the servers and the connection Secrets; a second up changes nothing', async () => {
  const up = await sandbox.ferry(['infra', 'up', env, '--dir', folder]);
  expect(up.stderr).toBe('');
  expect(up.stdout).toMatch(/^  created\s+kubernetes:core\/v1:Secret public-api-db-connection$/m);
  expect(up.stdout).toMatch(new RegExp(`^OK: infra up of ${env} .*: 16 created, 0 unchanged`, 'm'));
  expect(up.code).toBe(0);
  expect(up.stdout).toContain(`secrets: ${JSON.stringify(NEEDS)}`);

  const secrets = await kubectlJson<{
    items: { metadata: { name: string }; data: Record<string, string> }[];
  }>(['get', 'secrets', '-l', `ferry.dev/infra=${env}`], { namespace: env });
  expect(secrets.items.map((s) => s.metadata.name).sort()).toEqual(NEEDS);
  const data = (name: string) => {
    const s = secrets.items.find((i) => i.metadata.name === name)!;
    return Object.fromEntries(
      Object.entries(s.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
    );
  };
  const db = data('public-api-db');
  expect(Object.keys(db).sort()).toEqual(['database', 'host', 'password', 'port', 'url', 'username']);
  expect(db.password).toMatch(/^[A-Za-z0-9]{32}$/);
  expect(db.url).toBe(
    `postgresql://app:${db.password}@public-api-db-postgres.${env}.svc.cluster.local:5432/public_api_db`,
  );
  expect(data('orders-queue')).toMatchObject({ topic: `${env}-orders-queue`, project: `local-${env}` });
  expect(data('frontend-assets').url).toBe('gs://frontend-assets');
  // Never printed.
  expect(up.stdout + up.stderr).not.toContain(db.password);

  const sts = await kubectlJson<{ items: { metadata: { name: string } }[] }>(['get', 'statefulsets'], {
    namespace: env,
  });
  expect(sts.items.map((s) => s.metadata.name).sort()).toEqual([
    'frontend-assets-gcs',
    'orders-queue-pubsub',
    'public-api-db-postgres',
  ]);
  const svc = await kubectlJson<{ spec: { ports: { port: number }[] } }>(
    ['get', 'service', 'public-api-db-postgres'],
    {
      namespace: env,
    },
  );
  expect(svc.spec.ports.map((p) => p.port)).toEqual([5432]);

  const again = await sandbox.ferry(['infra', 'up', env, '--dir', folder]);
  expect(again.code).toBe(0);
  expect(again.stdout).not.toMatch(/^\s+(created|updated|deleted|replaced)\s/m);
  expect(again.stdout).toMatch(new RegExp(`^OK: infra up of ${env} .*: 16 unchanged`, 'm'));
  // The credentials were generated once.
  const after = await kubectlJson<{ data: { password: string } }>(['get', 'secret', 'public-api-db'], {
    namespace: env,
  });
  expect(Buffer.from(after.data.password, 'base64').toString()).toBe(db.password);

  const preview = await sandbox.ferry(['infra', 'preview', env, '--dir', folder]);
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(/^OK: infra preview .*: 16 unchanged/m);
});

test('destroy asks for --yes, then deletes the resources and removes the stack', async () => {
  const checkpoint = checkpointFile(sandbox.state, { project: 'shop', stack: env });
  expect(existsSync(checkpoint)).toBe(true);
  const refused = await sandbox.ferry(['infra', 'destroy', env, '--dir', folder]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('run it again with --yes');
  expect(await infraSecretNames(env)).toEqual(NEEDS);

  const destroyed = await sandbox.ferry(['infra', 'destroy', env, '--dir', folder, '--yes']);
  expect(destroyed.stderr).toBe('');
  expect(destroyed.stdout).toMatch(/^  deleted\s+kubernetes:core\/v1:Secret public-api-db-connection$/m);
  expect(destroyed.stdout).toMatch(new RegExp(`^OK: infra destroy of ${env} .*: \\d+ deleted`, 'm'));
  expect(destroyed.code).toBe(0);
  expect(await infraSecretNames(env)).toEqual([]);
  expect(existsSync(checkpoint)).toBe(false);
  // The namespace the stack made is kept (it may hold the app): only the stack's objects went.
  expect((await kubectlRaw(['get', 'namespace', env])).code).toBe(0);
});

test('bad input exits 2 naming the file and field, and runs nothing', async () => {
  const wrongEnv = await sandbox.ferry(['infra', 'preview', 'other', '--dir', folder]);
  expect(wrongEnv.code).toBe(2);
  expect(wrongEnv.stderr).toContain('infra/stack.json: describes environment');

  const broken = mkdtempSync(join(sandbox.dir, 'broken-'));
  cpSync(folder, broken, { recursive: true });
  const file = join(broken, 'infra', 'stack.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"kind": "local"', '"kind": "aws"'));
  const r = await sandbox.ferry(['infra', 'up', env, '--dir', broken]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(
    'infra/stack.json: infra.target.kind: unknown target "aws"; use one of local, gcp',
  );
  expect(r.stdout).toBe('');

  const noPassphrase = await sandbox.ferry(['infra', 'preview', env, '--dir', folder], {
    env: { PULUMI_CONFIG_PASSPHRASE: undefined },
  });
  expect(noPassphrase.code).toBe(2);
  expect(noPassphrase.stderr).toContain('set PULUMI_CONFIG_PASSPHRASE');
});
