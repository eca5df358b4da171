/**
 * Multi-cluster: an operator on the run's control plane syncs an environment into a second local
 * control plane, reached through a cluster Secret (label ferry.dev/cluster, key kubeconfig).
 */
import { startCluster, type ClusterHandle } from '../../../tools/cluster';
import {
  SHARD_LABEL,
  applyEnvironment,
  condition,
  kubectlRaw,
  OperatorProcess,
  waitForEnvironment,
} from '../helpers';
import { ensureEnvironmentCrd } from '../helpers/crd';
import { forgetEnvironment, TestEnv } from '../sync/fixture';

const SHARD = `multicluster-${process.pid}`;

const t = new TestEnv(`opremote-${process.pid}`);
const secret = `remote-${process.pid}`;
let remote: ClusterHandle;
let operator: OperatorProcess;

beforeAll(async () => {
  await ensureEnvironmentCrd();
  remote = await startCluster({
    name: `jest-remote-${process.pid}`,
    identity: 'remote',
    stopWhenProcessExits: process.pid,
  });
  await kubectlRaw(
    ['create', 'secret', 'generic', secret, `--from-file=kubeconfig=${remote.kubeconfigPath}`],
    {
      namespace: 'ferry-system',
    },
  );
  await kubectlRaw(['label', 'secret', secret, 'ferry.dev/cluster=remote'], { namespace: 'ferry-system' });
  operator = new OperatorProcess({ identity: `op-remote-${process.pid}`, shard: SHARD });
}, 120_000);
afterAll(async () => {
  await operator?.stop();
  await forgetEnvironment(t.env);
  await kubectlRaw(['delete', 'secret', secret, '-n', 'ferry-system', '--ignore-not-found']);
  await remote?.stop();
  t.dispose();
});

test('an Environment whose destination is a cluster Secret is synced into that cluster', async () => {
  const revision = t.publish(
    [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: t.namespace } },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'there', namespace: t.namespace },
        data: { a: '1' },
      },
    ],
    { cluster: 'remote' },
  );
  await applyEnvironment({
    apiVersion: 'ferry.dev/v1alpha1',
    kind: 'Environment',
    metadata: { name: t.env, namespace: 'ferry-system', labels: { [SHARD_LABEL]: SHARD } },
    spec: {
      source: { repo: t.src.repo, branch: 'deploy', path: t.env },
      destination: { cluster: secret, namespace: t.namespace },
      syncPolicy: { automated: true, prune: true },
      interval: '2s',
    },
  });
  const env = await waitForEnvironment(
    t.env,
    (e) => e.status?.revision === revision,
    'to sync into the remote cluster',
  );
  expect(condition(env, 'Ready')?.status).toBe('True');
  const there = await kubectlRaw(['get', 'configmap', 'there', '-o', 'jsonpath={.data.a}'], {
    namespace: t.namespace,
    kubeconfig: remote.kubeconfigPath,
  });
  expect(there.stdout).toBe('1');
  // Nothing of it landed in the operator's own cluster; the inventory lives where the objects are.
  expect((await kubectlRaw(['get', 'namespace', t.namespace])).stderr).toMatch(/NotFound/);
  const inv = await kubectlRaw(['get', 'configmap', `ferry-inventory-${t.env}`], {
    namespace: 'ferry-system',
    kubeconfig: remote.kubeconfigPath,
  });
  expect(inv.code).toBe(0);
}, 180_000);
