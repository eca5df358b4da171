/**
 * The environment's own settings are honoured: `syncPolicy.prune` is the default (flags override
 * it), `destination.cluster` must be the cluster reached (or asserted with --cluster), and hooks
 * deleted by their policy are not part of the environment's health.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { writeCount } from '../../../operator/adapters/kube';
import { kubectl, kubectlRaw, testKubeconfig } from '../helpers';
import { configMapObject, namespaceObject, testEnvironments } from '../sync/fixture';

const root = resolve(__dirname, '../../..');
const envs = testEnvironments();
const testEnv = (label: string) => envs.make(label);
afterAll(async () => {
  await envs.dispose();
});

function ferry(
  t: { src: { cacheDir: string } },
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      join(root, 'node_modules/.bin/node'),
      [join(root, 'bin/ferry.js'), ...args, '--kubeconfig', testKubeconfig()],
      { cwd: root, env: { ...process.env, FERRY_CACHE_DIR: t.src.cacheDir }, timeout: 120_000 },
      (err, stdout, stderr) =>
        done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const namespace = namespaceObject;
const configMap = configMapObject;
const exists = async (ns: string, name: string) =>
  (await kubectlRaw(['get', 'configmap', name], { namespace: ns })).code === 0;

test('syncPolicy.prune decides unless a flag says otherwise', async () => {
  const t = testEnv('prunepolicy');
  t.publish(
    [
      namespace(t.namespace),
      configMap(t.namespace, 'keep'),
      configMap(t.namespace, 'old1'),
      configMap(t.namespace, 'old2'),
    ],
    {
      prune: false,
    },
  );
  expect((await t.sync({ prune: undefined })).result.result).toBe('succeeded');

  // Policy prune: false — removed objects are kept, and the sync says so.
  t.publish([namespace(t.namespace), configMap(t.namespace, 'keep'), configMap(t.namespace, 'old2')], {
    prune: false,
  });
  const kept = await t.sync({ prune: undefined });
  expect(kept.result.result).toBe('succeeded');
  expect(await exists(t.namespace, 'old1')).toBe(true);

  // The --prune flag overrides the policy.
  expect((await t.sync({ prune: true })).result.pruned.map((r) => r.name)).toEqual(['old1']);
  expect(await exists(t.namespace, 'old1')).toBe(false);

  // Policy prune: true — pruned without a flag; --no-prune keeps.
  t.publish([namespace(t.namespace), configMap(t.namespace, 'keep')], { prune: true });
  expect((await t.sync({ prune: false })).result.pruned).toEqual([]);
  expect(await exists(t.namespace, 'old2')).toBe(true);
  expect((await t.sync({ prune: undefined })).result.pruned.map((r) => r.name)).toEqual(['old2']);
});

test('a folder for another cluster is refused, saying how the cluster was identified; --cluster asserts it', async () => {
  const t = testEnv('wrongcluster');
  t.publish([namespace(t.namespace), configMap(t.namespace, 'c')], { cluster: 'production' });
  const { result } = await t.sync();
  expect(result).toMatchObject({ result: 'failed', stage: 'cluster' });
  expect(result.message).toMatch(
    /destination\.cluster is "production" but the cluster at https:\/\/127\.0\.0\.1:\d+ identifies itself as "local" \(ConfigMap ferry-system\/ferry-cluster, data\.name\)/,
  );
  expect(result.message).toContain('--cluster production');
  expect(writeCount(result.requests)).toBe(0);

  const cli = await ferry(t, 'sync', t.env, '--repo', t.src.repo);
  expect(cli.code).toBe(2);
  expect(cli.stderr).toMatch(/^FAILED \[cluster\]: refusing to sync/m);

  const wrong = await t.sync({ cluster: 'staging' });
  expect(wrong.result).toMatchObject({ result: 'failed', stage: 'cluster' });
  const asserted = await ferry(t, 'sync', t.env, '--repo', t.src.repo, '--cluster', 'production');
  expect(asserted.code).toBe(0);
  await kubectl(['get', 'configmap', 'c'], { namespace: t.namespace });
});

test('ferry status is healthy right after a sync whose hooks deleted themselves', async () => {
  const t = testEnv('hookstatus');
  t.publish([
    namespace(t.namespace),
    configMap(t.namespace, 'c'),
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'migrate',
        namespace: t.namespace,
        annotations: { 'ferry.dev/hook': 'PreSync', 'ferry.dev/hook-delete-policy': 'HookSucceeded' },
      },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'tools:1' }] } } },
    },
  ]);
  const synced = await ferry(t, 'sync', t.env, '--repo', t.src.repo);
  expect(synced.code).toBe(0);
  expect((await kubectlRaw(['get', 'job', 'migrate'], { namespace: t.namespace })).stderr).toMatch(
    /NotFound/,
  );
  const status = await ferry(t, 'status', t.env);
  expect(status.stdout).toMatch(/health Current/);
  expect(status.stdout).toMatch(/last sync: Succeeded at [0-9a-f]{12}/);
  expect(status.stdout).not.toMatch(/^Job\//m); // hooks are not objects of the environment
  expect(status.code).toBe(0);
});
