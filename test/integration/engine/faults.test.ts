/**
 * Faults between Ferry and the API server, injected by a proxy in front of the real control plane:
 * transient errors are retried (honouring Retry-After), and when an API group cannot be
 * discovered, what the environment owns of it is kept — never forgotten, never deleted.
 */
import { writeCount } from '../../../operator/adapters/kube';
import { FaultProxy, kubectl, kubectlJson, kubectlRaw } from '../helpers';
import { configMapObject, namespaceObject, testEnvironments } from '../sync/fixture';

let proxy: FaultProxy;
const envs = testEnvironments();
const testEnv = (label: string) => envs.make(label);
beforeAll(async () => {
  proxy = await FaultProxy.start();
});
afterEach(() => proxy.clear());
afterAll(async () => {
  await proxy.stop();
  await envs.dispose();
});

const namespace = namespaceObject;
const configMap = configMapObject;
const fast = { retry: { attempts: 5, baseDelayMs: 50, maxDelayMs: 2000 } };

test('429, 503 and connection resets are retried; the sync succeeds and says how many', async () => {
  const t = testEnv('transient');
  t.publish([namespace(t.namespace), configMap(t.namespace, 'a'), configMap(t.namespace, 'b')]);
  proxy.inject({
    method: 'PATCH',
    path: /\/configmaps\/a$/,
    times: 1,
    fault: { status: 429, retryAfter: 1 },
  });
  proxy.inject({ method: 'PATCH', path: /\/configmaps\/b$/, times: 2, fault: { status: 503 } });
  proxy.inject({
    method: 'GET',
    path: new RegExp(`/namespaces/${t.namespace}$`),
    times: 1,
    fault: { reset: true },
  });
  const started = Date.now();
  const { result } = await t.sync({ kubeconfig: proxy.kubeconfig, config: fast });
  expect(result.result).toBe('succeeded');
  expect(proxy.injected.length).toBeGreaterThanOrEqual(4);
  expect(result.requests.retries).toBe(proxy.injected.length);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // Retry-After: 1 was honoured
  await kubectl(['get', 'configmap', 'a', 'b'], { namespace: t.namespace });
});

test('an error that persists fails the sync naming the object, after the retries', async () => {
  const t = testEnv('persistent');
  t.publish([namespace(t.namespace), configMap(t.namespace, 'a')]);
  proxy.inject({ method: 'PATCH', path: /\/configmaps\/a$/, fault: { status: 503 } });
  const { result } = await t.sync({ kubeconfig: proxy.kubeconfig, config: fast });
  expect(result.result).toBe('failed');
  expect(result.message).toMatch(/ConfigMap\/.*\/a/);
  expect(result.requests.retries).toBeGreaterThanOrEqual(4);
});

test('objects of an API group whose discovery fails are kept in the inventory, and so is their namespace', async () => {
  const t = testEnv('flaky');
  const group = `${t.env}.ferry.dev`;
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `gadgets.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
  const gadget = {
    apiVersion: `${group}/v1`,
    kind: 'Gadget',
    metadata: { name: 'g', namespace: t.namespace },
    spec: {},
  };
  t.publish([namespace(t.namespace), crd, gadget, configMap(t.namespace, 'c')]);
  expect((await t.sync()).result.result).toBe('succeeded');

  // The next revision no longer wants the Gadget nor the namespace's objects; the namespace moves.
  const other = `${t.namespace}-b`;
  t.publish([namespace(other), crd, configMap(other, 'c')]);
  proxy.inject({
    method: 'GET',
    path: new RegExp(`^/apis/${group.replace(/\./g, '\\.')}/v1$`),
    fault: { status: 503 },
  });
  const { result, events } = await t.sync({ kubeconfig: proxy.kubeconfig, config: fast });
  expect(result.result).toBe('succeeded');
  expect(result.pruned.map((r) => `${r.kind}/${r.namespace}/${r.name}`)).toEqual([
    `ConfigMap/${t.namespace}/c`,
  ]);
  const kept = events.flatMap((e) =>
    e.type === 'prune-skipped' ? [`${e.ref.kind}/${e.ref.name}: ${e.reason}`] : [],
  );
  expect(kept).toEqual([
    expect.stringMatching(new RegExp(`^Namespace/${t.namespace}: .*API group ${group}`)),
  ]);
  await kubectl(['get', `gadgets.${group}`, 'g'], { namespace: t.namespace });
  const inventory = await kubectlJson<{ data: { objects: string } }>(
    ['get', 'configmap', `ferry-inventory-${t.env}`],
    {
      namespace: 'ferry-system',
    },
  );
  expect(inventory.data.objects).toContain(`${group}/Gadget/${t.namespace}/g\n`);
  expect(inventory.data.objects).toContain(`/Namespace//${t.namespace}\n`);

  // Once discovery works again, the next sync prunes them.
  proxy.clear();
  const healed = await t.sync({ kubeconfig: proxy.kubeconfig });
  expect(healed.result.pruned.map((r) => `${r.kind}/${r.name}`).sort()).toEqual(
    ['Gadget/g', `Namespace/${t.namespace}`].sort(),
  );
  expect(writeCount(healed.result.requests)).toBeGreaterThan(0);
  await kubectlRaw(['delete', 'namespace', other, '--wait=false']);
  await kubectlRaw(['delete', 'crd', `gadgets.${group}`, '--wait=false']);
});
