/**
 * Watch-driven self-heal, the operator as a process on the real control plane. The environments'
 * interval is 10 minutes, so whatever is repaired within the test was repaired by the watch, not
 * by the periodic reconcile: `kubectl scale` and `kubectl delete` are reverted without a commit;
 * with selfHeal off drift is reported and left alone; a second writer fighting over a field ends
 * in a Degraded condition naming its field manager, not an endless loop.
 */
import {
  applyEnvironment,
  condition,
  kubectl,
  kubectlJson,
  kubectlRaw,
  OperatorProcess,
  removeEnvironment,
  SHARD_LABEL,
  waitFor,
  waitForEnvironment,
} from '../helpers';
import { ensureEnvironmentCrd } from '../helpers/crd';
import { TestEnv } from '../sync/fixture';

const SHARD = `heal-${process.pid}`;
const envs: TestEnv[] = [];
let operator: OperatorProcess;

function testEnv(label: string): TestEnv {
  const t = new TestEnv(`${label}-${process.pid}`);
  envs.push(t);
  return t;
}

beforeAll(async () => {
  await ensureEnvironmentCrd();
  operator = new OperatorProcess({
    identity: `heal-${process.pid}`,
    shard: SHARD,
    extraArgs: ['--fight-limit', '2', '--fight-window', '5m', '--fight-backoff', '10m'],
  });
});
afterAll(async () => {
  await operator.stop();
  if (process.env.FERRY_TEST_SHOW_OPERATOR_LOG) process.stderr.write(operator.log);
  for (const t of envs) {
    await removeEnvironment(t.env, t.namespace);
    t.dispose();
  }
});

const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const configMap = (ns: string, name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns },
  data: { v: '1' },
});
const deployment = (ns: string, name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name, image: `ghcr.io/acme-shop/${name}:1.0.0` }] },
    },
  },
});

function environment(t: TestEnv, selfHeal: boolean) {
  return {
    apiVersion: 'ferry.dev/v1alpha1',
    kind: 'Environment',
    metadata: { name: t.env, namespace: 'ferry-system', labels: { [SHARD_LABEL]: SHARD } },
    spec: {
      source: { repo: t.src.repo, branch: 'deploy', path: t.env },
      destination: { cluster: 'in-cluster', namespace: t.namespace },
      syncPolicy: { automated: true, prune: true, selfHeal },
      interval: '10m',
    },
  };
}

async function deployed(t: TestEnv, selfHeal: boolean): Promise<string> {
  const rev = t.publish([
    namespace(t.namespace),
    deployment(t.namespace, 'api'),
    configMap(t.namespace, 'c'),
  ]);
  await applyEnvironment(environment(t, selfHeal));
  await waitForEnvironment(t.env, (e) => e.status?.revision === rev && e.status.sync === 'Synced', 'to sync');
  return rev;
}

const replicas = async (ns: string) =>
  (await kubectlJson<{ spec: { replicas: number } }>(['get', 'deployment', 'api'], { namespace: ns })).spec
    .replicas;

async function reasons(env: string): Promise<string[]> {
  const events = await kubectlJson<{ items: { reason: string }[] }>(
    ['get', 'events', '--field-selector', `involvedObject.name=${env}`],
    { namespace: 'ferry-system' },
  );
  return events.items.map((e) => e.reason);
}

test('kubectl scale and kubectl delete of owned objects are reverted at once, without a new commit', async () => {
  const t = testEnv('healon');
  const rev = await deployed(t, true);

  await kubectl(['scale', 'deployment', 'api', '--replicas=3'], { namespace: t.namespace });
  await waitFor(async () => (await replicas(t.namespace)) === 1, {
    description: 'the scaled Deployment to be reverted to 1 replica',
    timeout: 20_000,
    interval: 100,
  });

  await kubectl(['delete', 'configmap', 'c'], { namespace: t.namespace });
  await waitFor(
    async () => (await kubectlRaw(['get', 'configmap', 'c'], { namespace: t.namespace })).code === 0,
    {
      description: 'the deleted ConfigMap to be recreated',
      timeout: 20_000,
      interval: 100,
    },
  );

  const env = await waitForEnvironment(
    t.env,
    (e) => (e.status?.history ?? []).filter((h) => h.reason === 'drift').length >= 2,
    'to record both repairs in its history',
  );
  expect(env.status!.revision).toBe(rev);
  expect(env.status!.sync).toBe('Synced');
  const repairs = env.status!.history!.filter((h) => h.reason === 'drift').map((h) => h.message);
  expect(repairs.join('\n')).toMatch(/Deployment\/[^ ]+\/api \(changed by kubectl/);
  expect(repairs.join('\n')).toMatch(/ConfigMap\/[^ ]+\/c \(deleted\)/);
  expect(await reasons(t.env)).toContain('DriftReverted');
}, 120_000);

test('with selfHeal off, drift is reported OutOfSync with an Event and left alone', async () => {
  const t = testEnv('healoff');
  await deployed(t, false);

  await kubectl(['scale', 'deployment', 'api', '--replicas=2'], { namespace: t.namespace });
  const env = await waitForEnvironment(t.env, (e) => e.status?.sync === 'OutOfSync', 'to report OutOfSync', {
    timeout: 20_000,
  });
  expect(env.status!.message).toMatch(
    /Deployment\/[^ ]+\/api \(changed by kubectl[^)]*\).*selfHeal is false/,
  );
  expect(condition(env, 'Ready')).toMatchObject({ status: 'False', reason: 'Drifted' });
  expect(await replicas(t.namespace)).toBe(2);
  expect(await reasons(t.env)).toContain('DriftDetected');
}, 120_000);

test('an object fought over by a second writer ends in Degraded naming that field manager, not a loop', async () => {
  const t = testEnv('healfight');
  await deployed(t, true);
  const fight = () =>
    kubectl(
      [
        'patch',
        'deployment',
        'api',
        '--field-manager=autoscaler-x',
        '--type=merge',
        '-p',
        '{"spec":{"replicas":4}}',
      ],
      {
        namespace: t.namespace,
      },
    );
  // --fight-limit 2: the first three changes are reverted, the third revert starts the fight.
  for (let i = 0; i < 3; i++) {
    await fight();
    await waitFor(async () => (await replicas(t.namespace)) === 1, {
      description: `revert ${i + 1} of the fought-over Deployment`,
      timeout: 20_000,
      interval: 100,
    });
  }
  const env = await waitForEnvironment(
    t.env,
    (e) => condition(e, 'Degraded')?.status === 'True',
    'to report the fight as Degraded',
    { timeout: 20_000 },
  );
  expect(condition(env, 'Degraded')!.message).toMatch(
    /Deployment\/[^ ]+\/api was reverted 3 times .*"autoscaler-x"/,
  );
  expect(condition(env, 'Ready')).toMatchObject({ status: 'False', reason: 'DriftFight' });
  expect(await reasons(t.env)).toContain('DriftFight');

  // The other writer changes it again: self-heal now leaves it alone.
  const seen = operator.log.length;
  await fight();
  await waitFor(
    () => operator.log.slice(seen).includes(`environment ${t.env}: self-heal leaves Deployment/`),
    {
      description: 'the operator to leave the fought-over object alone',
      timeout: 20_000,
      interval: 100,
    },
  );
  expect(await replicas(t.namespace)).toBe(4);
}, 180_000);
