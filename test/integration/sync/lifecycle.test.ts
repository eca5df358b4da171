/**
 * The life of one environment on the real control plane, through a real git deploy branch:
 * first sync in plan order with hooks, a no-op re-sync with zero writes, an image rollout, and
 * pruning that spares an unowned object of the same name.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCount } from '../../../operator/adapters/kube';
import { kubectl, kubectlJson, kubectlRaw } from '../helpers';
import { applied, DeployRepo, sync, synthTo } from './fixture';

const env = `life-${process.pid}`;
const repo = new DeployRepo();
const out = mkdtempSync(join(tmpdir(), 'ferry-synth-'));
const src = { repo: repo.url, cacheDir: repo.cacheDir };

interface Obj {
  metadata: {
    name: string;
    creationTimestamp: string;
    resourceVersion: string;
    annotations?: Record<string, string>;
  };
  spec?: { template?: { spec?: { containers?: { image: string }[] } } };
}
const list = async (kinds: string) =>
  (await kubectlJson<{ items: (Obj & { kind: string })[] }>(['get', kinds], { namespace: env })).items;

afterAll(async () => {
  await kubectlRaw(['delete', 'namespace', env, '--wait=false', '--ignore-not-found']);
  repo.dispose();
});

test('first sync creates everything in plan order, running the PreSync and PostSync hooks', async () => {
  repo.publish(
    env,
    synthTo(out, env, { components: ['public-api', 'frontend', 'worker', 'scheduler', 'smoke-test'] }),
  );
  const { result, events } = await sync(env, src);
  expect(result.result).toBe('succeeded');

  // The Namespace (a dependency of everything) comes first, then the PreSync phase's
  // dependencies (the settings ConfigMap the migration reads), then the Sync phase in kind order.
  expect(applied(events).slice(0, 2)).toEqual([`Namespace/${env}`, `ConfigMap/${env}/shop-settings`]);
  expect(applied(events)[0]).toBe(`Namespace/${env}`);
  const syncPhase = events.slice(events.findIndex((e) => e.type === 'phase-started' && e.phase === 'Sync'));
  const kinds = applied(syncPhase).map((r) => r.split('/')[0]);
  const rank = [
    'NetworkPolicy',
    'PodDisruptionBudget',
    'ServiceAccount',
    'Service',
    'Deployment',
    'HorizontalPodAutoscaler',
    'CronJob',
    'Ingress',
  ];
  const ranks = kinds.map((k) => rank.indexOf(k!));
  expect(kinds).toContain('Deployment');
  expect(kinds.filter((k) => !rank.includes(k!))).toEqual([]);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

  // The migration ran to completion before any Deployment was applied.
  const migrated = events.findIndex(
    (e) => e.type === 'hook-completed' && e.ref.name === 'public-api-migrate',
  );
  const firstDeployment = events.findIndex((e) => e.type === 'object-applied' && e.ref.kind === 'Deployment');
  expect(migrated).toBeGreaterThanOrEqual(0);
  expect(events[migrated]).toMatchObject({ result: 'succeeded', phase: 'PreSync' });
  expect(migrated).toBeLessThan(firstDeployment);

  // The smoke test started only after every Deployment was reported healthy.
  const smoke = events.findIndex((e) => e.type === 'hook-started' && e.ref.name === 'smoke-test');
  const lastHealthy = Math.max(
    ...events.flatMap((e, i) =>
      e.type === 'object-health' && e.ref.kind === 'Deployment' && e.health.status === 'Current' ? [i] : [],
    ),
  );
  expect(smoke).toBeGreaterThan(lastHealthy);
  expect(
    events[events.findIndex((e) => e.type === 'hook-completed' && e.ref.name === 'smoke-test')],
  ).toMatchObject({
    result: 'succeeded',
    phase: 'PostSync',
  });

  // The API server agrees on the order: creation timestamps never decrease along the kind order.
  const created = await list(
    'serviceaccounts,configmaps,services,deployments,horizontalpodautoscalers,ingresses',
  );
  const byKind = (k: string) =>
    created.filter((o) => o.kind === k).map((o) => Date.parse(o.metadata.creationTimestamp));
  expect(Math.max(...byKind('ServiceAccount'))).toBeLessThanOrEqual(Math.min(...byKind('Deployment')));
  expect(Math.max(...byKind('Deployment'))).toBeLessThanOrEqual(Math.min(...byKind('Ingress')));
  const deployments = await list('deployments');
  expect(deployments.map((d) => d.metadata.annotations?.['ferry.dev/tracking-id']).sort()).toEqual(
    ['frontend', 'public-api', 'worker'].map((n) => `${env}:apps/Deployment:${env}/${n}`),
  );
});

test('a re-sync of the same revision sends zero writes and bumps no resourceVersion', async () => {
  const before = await list('all,configmaps,ingresses');
  const { result } = await sync(env, src);
  expect(result.result).toBe('in-sync');
  expect(writeCount(result.requests)).toBe(0);
  const after = await list('all,configmaps,ingresses');
  const versions = (objs: Obj[]) =>
    objs.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
  expect(versions(after)).toEqual(versions(before));
});

test('a changed image tag is rolled out and nothing else is rewritten', async () => {
  repo.publish(
    env,
    synthTo(out, env, {
      components: ['public-api', 'frontend', 'worker', 'scheduler', 'smoke-test'],
      versions: { frontend: '2.9.0' },
    }),
  );
  const { result, events } = await sync(env, src);
  expect(result.result).toBe('succeeded');
  // Only the frontend's objects change (the Deployment's image, and everyone's version label).
  const configured = applied(events, 'configured');
  expect(configured).toContain(`Deployment/${env}/frontend`);
  expect(configured.filter((r) => !r.endsWith('/frontend'))).toEqual([]);
  const image = await kubectl(
    ['get', 'deployment', 'frontend', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'],
    {
      namespace: env,
    },
  );
  expect(image).toBe('ghcr.io/acme-shop/frontend:2.9.0');
  const status = await kubectlJson<{ status: { updatedReplicas?: number; availableReplicas?: number } }>(
    ['get', 'deployment', 'frontend'],
    { namespace: env },
  );
  expect(status.status.updatedReplicas).toBe(status.status.availableReplicas);
});

test('a removed component is pruned, but an unowned object of the same name is left alone', async () => {
  // Someone replaces the worker's HPA by hand: same name, no Ferry tracking id.
  await kubectl(['delete', 'hpa', 'worker'], { namespace: env });
  await kubectl(['create', 'configmap', 'marker', '--from-literal=a=b'], { namespace: env });
  await kubectl(
    ['autoscale', 'deployment', 'worker', '--min=1', '--max=3', '--cpu-percent=80', '--name=worker'],
    { namespace: env },
  );
  repo.publish(
    env,
    synthTo(out, env, {
      components: ['public-api', 'frontend', 'scheduler', 'smoke-test'],
      versions: { frontend: '2.9.0' },
    }),
  );
  const { result, events } = await sync(env, src, { prune: true });
  expect(result.result).toBe('succeeded');
  const pruned = events.flatMap((e) => (e.type === 'pruned' ? [`${e.ref.kind}/${e.ref.name}`] : []));
  expect(pruned).toContain('Deployment/worker');
  expect(pruned).not.toContain('HorizontalPodAutoscaler/worker');
  const gone = await kubectlRaw(['get', 'deployment', 'worker'], { namespace: env });
  expect(gone.stderr).toMatch(/NotFound/);
  // The hand-made HPA and ConfigMap are still there.
  await kubectl(['get', 'hpa', 'worker'], { namespace: env });
  await kubectl(['get', 'configmap', 'marker'], { namespace: env });
});
