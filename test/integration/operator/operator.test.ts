/**
 * The operator as a process on the real control plane: Environments converge without anyone
 * typing `ferry sync`, new commits are picked up, problems become conditions (never a crash loop),
 * suspend and manual mode write nothing, and deletion follows deletionPolicy.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import {
  applyEnvironment,
  condition,
  kubectl,
  kubectlJson,
  kubectlRaw,
  OperatorProcess,
  SHARD_LABEL,
  testKubeconfig,
  waitFor,
  waitForEnvironment,
} from '../helpers';
import { ensureEnvironmentCrd } from '../helpers/crd';
import { forgetEnvironment, namespaceObject, TestEnv } from '../sync/fixture';

const SHARD = `operator-${process.pid}`;

const root = resolve(__dirname, '../../..');
const envs: TestEnv[] = [];
let operator: OperatorProcess;

function testEnv(label: string): TestEnv {
  const t = new TestEnv(`${label}-${process.pid}`);
  envs.push(t);
  return t;
}

beforeAll(async () => {
  await ensureEnvironmentCrd();
  operator = new OperatorProcess({ identity: `op-${process.pid}`, shard: SHARD });
});
afterAll(async () => {
  await operator.stop();
  if (process.env.FERRY_TEST_SHOW_OPERATOR_LOG) process.stderr.write(operator.log);
  for (const t of envs) {
    await forgetEnvironment(t.env);
    await kubectlRaw(['delete', 'namespace', t.namespace, '--wait=false', '--ignore-not-found']);
    t.dispose();
  }
});

const namespace = namespaceObject;
const configMap = (ns: string, name: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns },
  data,
});

function environment(t: TestEnv, spec: Record<string, unknown> = {}, repo = t.src.repo) {
  return {
    apiVersion: 'ferry.dev/v1alpha1',
    kind: 'Environment',
    metadata: { name: t.env, namespace: 'ferry-system', labels: { [SHARD_LABEL]: SHARD } },
    spec: {
      source: { repo, branch: 'deploy', path: t.env },
      destination: { cluster: 'in-cluster', namespace: t.namespace },
      syncPolicy: { automated: true, prune: true },
      interval: '2s',
      ...spec,
    },
  };
}

const cmValue = async (ns: string, name: string) =>
  (await kubectlRaw(['get', 'configmap', name, '-o', 'jsonpath={.data.v}'], { namespace: ns })).stdout;

test('an Environment converges, and a new commit on the deploy branch converges within the interval', async () => {
  const t = testEnv('opsync');
  const first = t.publish([namespace(t.namespace), configMap(t.namespace, 'settings', { v: '1' })]);
  await applyEnvironment(environment(t));
  const synced = await waitForEnvironment(
    t.env,
    (e) =>
      e.status?.sync === 'Synced' && e.status.revision === first && condition(e, 'Ready')?.status === 'True',
    'to be Synced and Ready',
  );
  expect(synced.status).toMatchObject({ health: 'Current', observedGeneration: synced.metadata.generation });
  expect(synced.metadata.finalizers).toContain('ferry.dev/deletion-policy');
  expect(await cmValue(t.namespace, 'settings')).toBe('1');

  const second = t.publish([namespace(t.namespace), configMap(t.namespace, 'settings', { v: '2' })]);
  const moved = await waitForEnvironment(
    t.env,
    (e) => e.status?.revision === second,
    'to sync the new commit',
  );
  expect(await cmValue(t.namespace, 'settings')).toBe('2');
  expect(moved.status!.history!.map((h) => h.revision)).toEqual([second, first]);

  // `kubectl get environments` prints the operator's view.
  const table = await kubectl(['get', 'environments', '-n', 'ferry-system', t.env]);
  expect(table).toMatch(/NAME\s+SYNC\s+HEALTH\s+REVISION\s+AGE\s+MESSAGE/);
  expect(table).toMatch(new RegExp(`${t.env}\\s+Synced\\s+Current\\s+${second}`));

  // `ferry get environments` and `ferry status` read the same status.
  const status = await new Promise<string>((done) =>
    execFile(
      join(root, 'node_modules/.bin/node'),
      [join(root, 'bin/ferry.js'), 'status', t.env, '--kubeconfig', testKubeconfig()],
      { cwd: root },
      (_e, stdout) => done(stdout),
    ),
  );
  expect(status).toContain(`environment ${t.env}: sync Synced, health Current, revision ${second}`);
}, 180_000);

test('an unreachable repository is a Stalled condition naming the cause; nothing is written', async () => {
  const t = testEnv('opstall');
  await applyEnvironment(environment(t, {}, 'http://127.0.0.1:9/nowhere.git'));
  const stalled = await waitForEnvironment(
    t.env,
    (e) => condition(e, 'Stalled')?.status === 'True',
    'to be Stalled',
  );
  expect(condition(stalled, 'Stalled')).toMatchObject({ reason: 'SourceUnavailable' });
  expect(condition(stalled, 'Stalled')!.message).toContain(
    'cannot fetch branch deploy of http://127.0.0.1:9/nowhere.git',
  );
  expect(condition(stalled, 'Ready')?.status).toBe('False');
  expect((await kubectlRaw(['get', 'namespace', t.namespace])).stderr).toMatch(/NotFound/);
  expect(operator.exited).toBe(false);
}, 120_000);

test('suspend and automated: false write nothing; a manual sync request applies the revision', async () => {
  const t = testEnv('opmanual');
  const rev = t.publish([namespace(t.namespace), configMap(t.namespace, 'c', { v: '1' })]);
  await applyEnvironment(environment(t, { suspend: true }));
  await waitForEnvironment(
    t.env,
    (e) => condition(e, 'Ready')?.reason === 'Suspended',
    'to report Suspended',
  );
  expect((await kubectlRaw(['get', 'namespace', t.namespace])).stderr).toMatch(/NotFound/);

  await applyEnvironment(environment(t, { suspend: false, syncPolicy: { automated: false, prune: true } }));
  const observed = await waitForEnvironment(
    t.env,
    (e) => e.status?.sync === 'OutOfSync',
    'to report OutOfSync',
  );
  expect(observed.status!.message).toMatch(/out of sync .*automated sync is off/);
  expect((await kubectlRaw(['get', 'namespace', t.namespace])).stderr).toMatch(/NotFound/);

  const manual = await new Promise<{ code: number; stdout: string }>((done) =>
    execFile(
      join(root, 'node_modules/.bin/node'),
      [join(root, 'bin/ferry.js'), 'sync', t.env, '--operator', '--kubeconfig', testKubeconfig()],
      { cwd: root, timeout: 120_000 },
      (err, stdout) => done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout }),
    ),
  );
  expect(manual.stdout).toContain(`asked the operator to sync ${t.env}`);
  expect(manual.code).toBe(0);
  expect(await cmValue(t.namespace, 'c')).toBe('1');
  expect(
    (await waitForEnvironment(t.env, (e) => e.status?.revision === rev, 'to record the revision')).status
      ?.sync,
  ).toBe('Synced');
}, 180_000);

test('deleting an Environment: Orphan keeps its objects, Delete removes them, namespace included', async () => {
  const orphan = testEnv('oporphan');
  const doomed = testEnv('opdelete');
  for (const t of [orphan, doomed])
    t.publish([namespace(t.namespace), configMap(t.namespace, 'c', { v: '1' })]);
  await applyEnvironment(environment(orphan));
  await applyEnvironment(environment(doomed, { deletionPolicy: 'Delete' }));
  for (const t of [orphan, doomed])
    await waitForEnvironment(t.env, (e) => e.status?.sync === 'Synced', 'to sync');

  await kubectl(['delete', 'environment', orphan.env, '-n', 'ferry-system', '--wait=true', '--timeout=60s']);
  expect(await cmValue(orphan.namespace, 'c')).toBe('1');
  const events = await kubectlJson<{ items: { reason: string; involvedObject: { name: string } }[] }>(
    ['get', 'events', '--field-selector', `involvedObject.name=${orphan.env}`],
    { namespace: 'ferry-system' },
  );
  expect(events.items.map((e) => e.reason)).toContain('Orphaned');

  await kubectl(['delete', 'environment', doomed.env, '-n', 'ferry-system', '--wait=true', '--timeout=90s']);
  await waitFor(
    async () => (await kubectlRaw(['get', 'namespace', doomed.namespace])).stderr.includes('NotFound'),
    { description: `namespace ${doomed.namespace} to be deleted`, timeout: 90_000 },
  );
  const inventory = await kubectlRaw(['get', 'configmap', `ferry-inventory-${doomed.env}`], {
    namespace: 'ferry-system',
  });
  expect(inventory.stderr).toMatch(/NotFound/);
}, 240_000);
