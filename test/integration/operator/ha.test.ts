/**
 * High availability on Kubernetes itself: two operator replicas share the environments through
 * one ownership Lease per environment. SIGKILL the holder in the middle of a sync: the other
 * replica takes over within the lease duration, converges the environment, and the two never
 * write it at the same time (the Lease history and the inventory say so).
 */
import {
  applyEnvironment,
  kubectl,
  kubectlJson,
  kubectlRaw,
  OperatorProcess,
  SHARD_LABEL,
  waitFor,
  waitForEnvironment,
} from '../helpers';
import { ensureEnvironmentCrd } from '../helpers/crd';
import { forgetEnvironment, TestEnv } from '../sync/fixture';

const SHARD = `ha-${process.pid}`;

const t = new TestEnv(`opha-${process.pid}`);
const replicas: OperatorProcess[] = [];
const label = `ferry.dev/test-${t.env}`;

beforeAll(async () => {
  await ensureEnvironmentCrd();
});
afterAll(async () => {
  for (const r of replicas) await r.stop('SIGKILL');
  await kubectlRaw(['label', 'node', '--all', `${label}-`]);
  await forgetEnvironment(t.env);
  await kubectlRaw(['delete', 'namespace', t.namespace, '--wait=false', '--ignore-not-found']);
  t.dispose();
});

interface Lease {
  spec: { holderIdentity?: string; leaseTransitions?: number };
}
const lease = (name: string) => kubectlJson<Lease>(['get', 'lease', name], { namespace: 'ferry-system' });

test('killing the replica that owns an environment mid-sync moves it to the other, which converges it', async () => {
  // Wave 0 applies at once; wave 1's Deployment waits for a node label the test sets later, so
  // the owner is killed while it is inside the sync.
  const revision = t.publish([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: t.namespace } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'first', namespace: t.namespace },
      data: { a: '1' },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: t.namespace, annotations: { 'ferry.dev/sync-wave': '1' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: { nodeSelector: { [label]: 'yes' }, containers: [{ name: 'api', image: 'api:1' }] },
        },
      },
    },
  ]);
  for (const name of ['a', 'b'])
    replicas.push(new OperatorProcess({ identity: `${t.env}-${name}`, leaseDuration: '4s', shard: SHARD }));
  await applyEnvironment({
    apiVersion: 'ferry.dev/v1alpha1',
    kind: 'Environment',
    metadata: { name: t.env, namespace: 'ferry-system', labels: { [SHARD_LABEL]: SHARD } },
    spec: {
      source: { repo: t.src.repo, branch: 'deploy', path: t.env },
      destination: { cluster: 'in-cluster', namespace: t.namespace },
      syncPolicy: { automated: true, prune: true },
      interval: '2s',
      timeout: '10m',
    },
  });

  // The owner gets into wave 1 (the ConfigMap of wave 0 exists) and waits on the Deployment.
  const owner = await waitFor(
    async () => {
      const holder = (await lease(`ferry-owner-${t.env}`).catch(() => undefined))?.spec.holderIdentity;
      const inWave1 = (await kubectlRaw(['get', 'deployment', 'api'], { namespace: t.namespace })).code === 0;
      return holder && inWave1 ? holder : undefined;
    },
    { description: 'a replica to own the environment and reach wave 1', timeout: 60_000 },
  );
  const [victim, survivor] = owner === replicas[0]!.opts.identity ? replicas : [replicas[1]!, replicas[0]!];
  // While the owner works, the other replica never writes this environment.
  expect((await lease(`ferry-env-${t.env}`)).spec.holderIdentity).toBe(owner);
  await victim!.stop('SIGKILL');
  const killedAt = Date.now();

  await kubectl(['label', 'node', '--all', `${label}=yes`]);
  const took = await waitFor(
    async () => {
      const holder = (await lease(`ferry-owner-${t.env}`)).spec.holderIdentity;
      return holder === survivor!.opts.identity ? Date.now() : undefined;
    },
    { description: 'the surviving replica to take the environment over', timeout: 30_000 },
  );
  expect(took - killedAt).toBeLessThan(4000 + 5000); // the lease duration, plus one look

  const done = await waitForEnvironment(
    t.env,
    (e) => e.status?.revision === revision && e.status.health === 'Current',
    'to be synced and healthy by the survivor',
    { timeout: 120_000 },
  );
  expect(done.status!.sync).toBe('Synced');
  // The survivor resumed the interrupted operation: the inventory lists everything, once.
  const inventory = await kubectlJson<{ data: { objects: string; operation: string } }>(
    ['get', 'configmap', `ferry-inventory-${t.env}`],
    { namespace: 'ferry-system' },
  );
  expect(inventory.data.objects.trim().split('\n').sort()).toEqual(
    [
      `/ConfigMap/${t.namespace}/first`,
      `/Namespace//${t.namespace}`,
      `apps/Deployment/${t.namespace}/api`,
    ].sort(),
  );
  expect(JSON.parse(inventory.data.operation)).toMatchObject({
    phase: 'Succeeded',
    holder: survivor!.opts.identity,
  });
  expect(survivor!.exited).toBe(false);
}, 240_000);
