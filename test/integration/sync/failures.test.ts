/**
 * Failures stop a sync early and safely: a failing PreSync hook, a Deployment that can never
 * become healthy, a malformed deploy folder, an unreachable remote.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCount } from '../../../operator/adapters/kube';
import { kubectl, kubectlJson, kubectlRaw } from '../helpers';
import { applied, DeployRepo, sync, synthTo, writeFolder } from './fixture';

const out = mkdtempSync(join(tmpdir(), 'ferry-synth-'));
const repos: DeployRepo[] = [];
const namespaces: string[] = [];

function setup(label: string): { env: string; repo: DeployRepo; src: { repo: string; cacheDir: string } } {
  const env = `${label}-${process.pid}`;
  const repo = new DeployRepo();
  repos.push(repo);
  namespaces.push(env);
  return { env, repo, src: { repo: repo.url, cacheDir: repo.cacheDir } };
}

/** Ask for more CPU than the KWOK node has: the pod stays Pending, Unschedulable. */
const unschedulable = (yaml: string) => yaml.replace(/cpu: [0-9a-z."]+/g, 'cpu: "5000"');

afterAll(async () => {
  for (const ns of namespaces)
    await kubectlRaw(['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
  for (const r of repos) r.dispose();
});

test('a failing PreSync hook stops the sync before anything of the Sync phase is applied', async () => {
  const { env, repo, src } = setup('hookfail');
  repo.publish(env, synthTo(out, env));
  repo.edit(env, `manifests/${env}--job.batch--public-api-migrate.yaml`, unschedulable);
  const started = Date.now();
  const { result, events } = await sync(env, src, { timeout: '120s', unschedulableGrace: '0s' });
  expect(result.result).toBe('failed');
  expect(result.message).toMatch(
    /PreSync hook Job\/.*\/public-api-migrate failed: .*(Unschedulable|Insufficient cpu)/,
  );
  expect(Date.now() - started).toBeLessThan(60_000); // failed fast, not at the 120 s timeout
  expect(applied(events).every((r) => r.startsWith('Namespace/') || r.startsWith('ConfigMap/'))).toBe(true);
  const deployments = await kubectlJson<{ items: unknown[] }>(['get', 'deployments'], { namespace: env });
  expect(deployments.items).toEqual([]);
});

test('a Deployment that can never become healthy fails its wave fast, with the reason', async () => {
  const { env, repo, src } = setup('unhealthy');
  repo.publish(env, synthTo(out, env, { components: ['frontend'] }));
  repo.edit(env, `manifests/${env}--deployment.apps--frontend.yaml`, unschedulable);
  const started = Date.now();
  const { result } = await sync(env, src, { timeout: '120s', unschedulableGrace: '0s' });
  expect(result.result).toBe('failed');
  expect(result.message).toMatch(/Deployment\/.*\/frontend is unhealthy: .*(Unschedulable|Insufficient cpu)/);
  expect(Date.now() - started).toBeLessThan(60_000);
});

test('a malformed deploy folder applies nothing and prunes nothing', async () => {
  const { env, repo, src } = setup('malformed');
  repo.publish(env, synthTo(out, env, { components: ['frontend', 'worker'] }));
  expect((await sync(env, src)).result.result).toBe('succeeded');
  const before = await kubectl(
    ['get', 'all,configmaps', '-o', 'jsonpath={.items[*].metadata.resourceVersion}'],
    {
      namespace: env,
    },
  );

  // The next revision drops the worker (a prune) and changes the frontend, but one file is broken.
  repo.publish(env, synthTo(out, env, { components: ['frontend'], versions: { frontend: '3.0.0' } }));
  repo.edit(env, `manifests/${env}--service--frontend.yaml`, (y) => `${y}\n  : [unbalanced\n`);
  const { result: broken } = await sync(env, src);
  expect(broken.result).toBe('failed');
  expect(broken.stage).toBe('manifests');
  expect(broken.message).toContain(`manifests/${env}--service--frontend.yaml`);
  expect(broken.message).toContain('nothing was applied');
  expect(writeCount(broken.requests)).toBe(0);

  const after = await kubectl(
    ['get', 'all,configmaps', '-o', 'jsonpath={.items[*].metadata.resourceVersion}'],
    {
      namespace: env,
    },
  );
  expect(after).toBe(before);
  await kubectl(['get', 'deployment', 'worker'], { namespace: env });
});

test('an unreachable remote fails with a clear message and changes nothing', async () => {
  const { env, repo } = setup('unreachable');
  const { result } = await sync(env, { repo: 'http://127.0.0.1:9/nowhere.git', cacheDir: repo.cacheDir });
  expect(result).toMatchObject({ result: 'failed', stage: 'source', revision: null });
  expect(result.message).toMatch(/cannot fetch branch deploy of http:\/\/127\.0\.0\.1:9\/nowhere\.git/);
  expect(result.message).toContain('Nothing was changed in the cluster');
  expect(writeCount(result.requests)).toBe(0);
  const ns = await kubectlRaw(['get', 'namespace', env]);
  expect(ns.stderr).toMatch(/NotFound/);
  const inventory = await kubectlRaw(['get', 'configmap', `ferry-inventory-${env}`, '-n', 'ferry-system']);
  expect(inventory.stderr).toMatch(/NotFound/);
});

test('a CRD and its custom resources apply in one sync', async () => {
  const { env, repo, src } = setup('crd');
  const group = `${env}.ferry.dev`;
  const folder = writeFolder(out, env, env, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: env } },
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `widgets.${group}` },
      spec: {
        group,
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
              },
            },
          },
        ],
      },
    },
    {
      apiVersion: `${group}/v1`,
      kind: 'Widget',
      metadata: { name: 'small', namespace: env },
      spec: { size: 1 },
    },
  ]);
  repo.publish(env, folder);
  const { result, events } = await sync(env, src);
  expect(result.result).toBe('succeeded');
  expect(applied(events)).toEqual([
    `Namespace/${env}`,
    `CustomResourceDefinition/widgets.${group}`,
    `Widget/${env}/small`,
  ]);
  const widget = await kubectlJson<{ spec: { size: number } }>(['get', `widgets.${group}`, 'small'], {
    namespace: env,
  });
  expect(widget.spec.size).toBe(1);
  const again = await sync(env, src);
  expect(writeCount(again.result.requests)).toBe(0);
  await kubectl(['delete', 'crd', `widgets.${group}`, '--wait=false']);
});
