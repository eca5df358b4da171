/**
 * The operator runs the infra gate: an Environment naming its Pulumi backend Secret
 * (`spec.infra.backendSecretRef`) gets its stack brought up (real pulumi CLI, local file backend)
 * before its manifests, reports it in `status.infra` and repairs drift in the stack after
 * `spec.infra.refreshInterval`; without the Secret the environment fails
 * at stage infra and nothing is written.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyEnvironment,
  condition,
  infraSandbox,
  infraSecretNames,
  kubectlJson,
  kubectlRaw,
  OperatorProcess,
  SHARD_LABEL,
  waitForEnvironment,
  type InfraSandbox,
} from '../helpers';
import { ensureEnvironmentCrd } from '../helpers/crd';
import { DeployRepo, forgetEnvironment, synthTo } from '../sync/fixture';
import { toolchain } from '../../../tools/cluster/toolchain';

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
  const created = await kubectlRaw([
    'create',
    'secret',
    'generic',
    secret,
    '-n',
    'ferry-system',
    `--from-literal=backendURL=${sandbox.env.PULUMI_BACKEND_URL}`,
    `--from-literal=passphrase=${sandbox.env.PULUMI_CONFIG_PASSPHRASE}`,
  ]);
  if (created.code !== 0) throw new Error(created.stderr);
  const tc = toolchain();
  operator = new OperatorProcess({
    identity: `opinfra-${process.pid}`,
    shard: SHARD,
    env: {
      FERRY_CACHE_DIR: sandbox.env.FERRY_CACHE_DIR!,
      FERRY_PULUMI_BIN_DIR: tc.pulumiBinDir,
      PULUMI_HOME: tc.pulumiHome,
      FERRY_PULUMI_KUBERNETES_VERSION: tc.versions.pulumiKubernetesBuild,
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    },
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

test('the stack is brought up before the manifests and reported in status.infra', async () => {
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
}, 480_000);

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
