/**
 * The operator runs the infra gate: an Environment naming its Pulumi backend Secret
 * (`spec.infra.backendSecretRef`) gets its stack brought up (real pulumi CLI, local file backend)
 * before its manifests, reports it in `status.infra` and repairs drift in the stack after
 * `spec.infra.refreshInterval`, and destroys the stack (removed from its backend) after the
 * manifests when the Environment is deleted with deletionPolicy Delete; without the Secret the
 * environment fails at stage infra and nothing is written.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyEnvironment,
  condition,
  infraSandbox,
  infraSecretNames,
  operatorInfraBackend,
  kubectlJson,
  kubectlRaw,
  OperatorProcess,
  SHARD_LABEL,
  waitForEnvironment,
  type InfraSandbox,
} from '../helpers';
import { ensureEnvironmentCrd } from '../helpers/crd';
import { DeployRepo, forgetEnvironment, synthTo } from '../sync/fixture';
import { checkpointFile } from '../../../operator/adapters/pulumi';

const SHARD = `opinfra-${process.pid}`;
const env = `opinfra-${process.pid}`;
const bare = `opinfra-nobackend-${process.pid}`;
const secret = `infra-backend-${process.pid}`;
const repo = new DeployRepo();
let sandbox: InfraSandbox;
let operator: OperatorProcess;

const environment = (name: string, infra?: object) => ({
  apiVersion: 'ferry.dev/v1alpha1',
  kind: 'Environment',
  metadata: { name, namespace: 'ferry-system', labels: { [SHARD_LABEL]: SHARD } },
  spec: {
    source: { repo: repo.url, branch: 'deploy', path: name },
    destination: { cluster: 'in-cluster', namespace: name },
    syncPolicy: { automated: true, prune: true },
    interval: '5s',
    ...(infra ? { infra } : {}),
  },
});

beforeAll(async () => {
  await ensureEnvironmentCrd();
  sandbox = infraSandbox('operator');
  for (const name of [env, bare]) {
    repo.publish(name, synthTo(mkdtempSync(join(sandbox.dir, 'dist-')), name, { infra: true }));
  }
  const pulumiEnv = await operatorInfraBackend(sandbox, secret);
  operator = new OperatorProcess({
    identity: `opinfra-${process.pid}`,
    shard: SHARD,
    env: pulumiEnv,
  });
});
afterAll(async () => {
  await operator?.stop();
  if (process.env.FERRY_TEST_SHOW_OPERATOR_LOG) process.stderr.write(operator.log);
  for (const name of [env, bare]) {
    await forgetEnvironment(name);
    await kubectlRaw(['delete', 'namespace', name, '--wait=false', '--ignore-not-found']);
  }
  await kubectlRaw(['delete', 'secret', secret, '-n', 'ferry-system', '--ignore-not-found']);
  repo.dispose();
  sandbox?.cleanup();
});

test('the stack is brought up before the manifests, reported in status.infra, and destroyed with the Environment', async () => {
  await applyEnvironment(environment(env, { backendSecretRef: { name: secret }, refreshInterval: '10s' }));
  const synced = await waitForEnvironment(
    env,
    (e) => e.status?.sync === 'Synced' && e.status.infra?.result === 'Succeeded',
    'to be Synced with its infra up',
    { timeout: 200_000 },
  );
  expect(synced.status!.infra).toEqual({
    stack: `shop/${env}`,
    revision: synced.status!.revision,
    lastUpTime: expect.any(String),
    hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    result: 'Succeeded',
    message: expect.any(String),
    resources: 16,
    outputs: {
      environment: env,
      namespace: env,
      secrets: ['frontend-assets', 'orders-queue', 'public-api-db'],
      target: 'local',
    },
  });
  expect(synced.status!.history!.map((h) => h.result)).toEqual(['succeeded']);
  expect(await infraSecretNames(env)).toEqual(['frontend-assets', 'orders-queue', 'public-api-db']);
  await kubectlJson(['get', 'deployment', 'public-api'], { namespace: env });

  // Drift in the stack's own objects: the refresh after spec.infra.refreshInterval repairs it.
  const upAt = synced.status!.infra!.lastUpTime;
  await kubectlRaw(['delete', 'secret', 'orders-queue', '-n', env]);
  const repaired = await waitForEnvironment(
    env,
    (e) => e.status?.infra?.lastUpTime !== upAt && e.status?.infra?.result === 'Succeeded',
    'to refresh its infra',
    { timeout: 200_000 },
  );
  expect(repaired.status!.history![0]!.reason).toBe('infra-refresh');
  expect(await infraSecretNames(env)).toEqual(['frontend-assets', 'orders-queue', 'public-api-db']);

  // Deleted with deletionPolicy Delete: the manifests go, then the stack is destroyed and removed.
  const checkpoint = checkpointFile(sandbox.state, { project: 'shop', stack: env });
  expect(existsSync(checkpoint)).toBe(true);
  await applyEnvironment({
    ...environment(env, { backendSecretRef: { name: secret }, refreshInterval: '10s' }),
    spec: {
      ...environment(env).spec,
      deletionPolicy: 'Delete',
      infra: { backendSecretRef: { name: secret } },
    },
  });
  const deleted = await kubectlRaw(['delete', 'environment', env, '-n', 'ferry-system', '--timeout=200s'], {
    timeout: 240_000,
  });
  expect(deleted.stderr).toBe('');
  expect((await kubectlRaw(['get', 'environment', env, '-n', 'ferry-system'])).stderr).toContain('NotFound');
  expect(existsSync(checkpoint)).toBe(false);
  const events = await kubectlJson<{ items: { reason: string; message: string }[] }>(
    ['get', 'events', '--field-selector', `involvedObject.name=${env}`],
    { namespace: 'ferry-system' },
  );
  expect(events.items.find((e) => e.reason === 'InfraDestroyed')?.message).toMatch(
    new RegExp(`^stack shop/${env}: the stack was destroyed \\(\\d+ resource\\(s\\) deleted\\) and removed`),
  );
  expect(await infraSecretNames(env)).toEqual([]);
}, 600_000);

test('without a backend Secret the environment fails at stage infra and nothing is written', async () => {
  await applyEnvironment(environment(bare));
  const failed = await waitForEnvironment(
    bare,
    (e) => /names no Pulumi backend/.test(condition(e, 'Ready')?.message ?? ''),
    'to fail at stage infra',
  );
  expect(condition(failed, 'Ready')).toMatchObject({ status: 'False', reason: 'SyncFailed' });
  expect(condition(failed, 'Ready')!.message).toContain(
    'changed and must be brought up first, but the Environment names no Pulumi backend: set spec.infra.backendSecretRef',
  );
  expect(failed.status!.message).toMatch(/^infra failed: /);
  expect((await kubectlRaw(['get', 'namespace', bare])).stderr).toContain('NotFound');
}, 120_000);
