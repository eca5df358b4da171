/**
 * Nothing half-applied: the whole desired set is checked by the API server (dry runs) before the
 * first write; every rejected object is named at once. Immutable changes recreate only when the
 * object allows it (Replace=true / Force=true), and are refused up front otherwise.
 */
import { writeCount } from '../../../operator/adapters/kube';
import { kubectl, kubectlJson, kubectlRaw } from '../helpers';
import { applied, configMapObject, namespaceObject, testEnvironments } from '../sync/fixture';

const envs = testEnvironments();
const testEnv = (label: string) => envs.make(label);
afterAll(async () => {
  await envs.dispose();
});

const namespace = namespaceObject;
const configMap = configMapObject;
const versions = async (ns: string) =>
  (
    await kubectlJson<{ items: { metadata: { name: string; resourceVersion: string } }[] }>(
      ['get', 'configmaps,services,jobs'],
      { namespace: ns },
    )
  ).items
    .map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`)
    .sort();

test('a set with objects the server rejects is not applied at all, and every rejection is named', async () => {
  const t = testEnv('reject');
  t.publish([
    namespace(t.namespace),
    configMap(t.namespace, 'good'),
    configMap(t.namespace, 'Bad_Name'),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: t.namespace },
      spec: { ports: [{ port: 99999 }] },
    },
  ]);
  const { result, events } = await t.sync();
  expect(result).toMatchObject({ result: 'failed', stage: 'dry-run' });
  expect(result.message).toMatch(/rejects 2 objects of this revision; nothing was applied/);
  expect(result.message).toMatch(/manifests\/002\.yaml: ConfigMap\/.*\/Bad_Name: .*(lowercase|RFC 1123)/);
  expect(result.message).toMatch(/manifests\/003\.yaml: Service\/.*\/web: .*port/);
  expect(writeCount(result.requests)).toBe(0);
  expect(applied(events)).toEqual([]);
  expect((await kubectlRaw(['get', 'namespace', t.namespace])).stderr).toMatch(/NotFound/);
  expect(
    (await kubectlRaw(['get', 'configmap', `ferry-inventory-${t.env}`, '-n', 'ferry-system'])).stderr,
  ).toMatch(/NotFound/);
});

test('a new revision with one bad object leaves the running environment untouched', async () => {
  const t = testEnv('rejectlater');
  t.publish([namespace(t.namespace), configMap(t.namespace, 'a'), configMap(t.namespace, 'b')]);
  expect((await t.sync()).result.result).toBe('succeeded');
  const before = await versions(t.namespace);
  // The new revision changes a, drops b (a prune) and adds an invalid object.
  t.publish([
    namespace(t.namespace),
    configMap(t.namespace, 'a', { a: '2' }),
    configMap(t.namespace, 'c.d_'),
  ]);
  const { result } = await t.sync();
  expect(result).toMatchObject({ result: 'failed', stage: 'dry-run' });
  expect(writeCount(result.requests)).toBe(0);
  expect(await versions(t.namespace)).toEqual(before);
});

test('an apiVersion the server no longer serves is refused before anything is written', async () => {
  const t = testEnv('v2beta2');
  t.publish([
    namespace(t.namespace),
    {
      apiVersion: 'autoscaling/v2beta2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'api', namespace: t.namespace },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, maxReplicas: 2 },
    },
  ]);
  const { result } = await t.sync();
  expect(result).toMatchObject({ result: 'failed', stage: 'manifests' });
  expect(result.message).toContain('apiVersion autoscaling/v2beta2 is not served by the API server');
  expect(result.message).toContain('autoscaling/v2');
  expect(writeCount(result.requests)).toBe(0);
});

function job(ns: string, image: string, options?: string) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: 'seed',
      namespace: ns,
      ...(options ? { annotations: { 'ferry.dev/sync-options': options } } : {}),
    },
    spec: {
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'seed', image }] } },
    },
  };
}

function service(ns: string, clusterIP: string, options?: string) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'db',
      namespace: ns,
      ...(options ? { annotations: { 'ferry.dev/sync-options': options } } : {}),
    },
    spec: { clusterIP, ports: [{ port: 5432 }] },
  };
}

test('an immutable change is refused before any write without Replace=true, and recreates with it', async () => {
  const t = testEnv('recreate');
  const ip = (n: number) => `10.0.0.${100 + ((process.pid * 2 + n) % 150)}`;
  t.publish([namespace(t.namespace), configMap(t.namespace, 'c'), job(t.namespace, 'seed:1')]);
  expect((await t.sync()).result.result).toBe('succeeded');
  const uid = async (kind: string, name: string) =>
    kubectl(['get', kind, name, '-o', 'jsonpath={.metadata.uid}'], { namespace: t.namespace });
  const jobUid = await uid('job', 'seed');

  t.publish([namespace(t.namespace), configMap(t.namespace, 'c', { a: '2' }), job(t.namespace, 'seed:2')]);
  const refused = (await t.sync()).result;
  expect(refused).toMatchObject({ result: 'failed', stage: 'dry-run' });
  expect(refused.message).toMatch(/Job\/.*\/seed: .*immutable.*add the sync option Replace=true/s);
  expect(writeCount(refused.requests)).toBe(0);
  expect(await uid('job', 'seed')).toBe(jobUid);

  t.publish([
    namespace(t.namespace),
    configMap(t.namespace, 'c', { a: '2' }),
    job(t.namespace, 'seed:2', 'Replace=true'),
  ]);
  const { result, events } = await t.sync();
  expect(result.result).toBe('succeeded');
  expect(applied(events, 'recreated')).toEqual([`Job/${t.namespace}/seed`]);
  expect(await uid('job', 'seed')).not.toBe(jobUid);
  const image = await kubectl(
    ['get', 'job', 'seed', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'],
    {
      namespace: t.namespace,
    },
  );
  expect(image).toBe('seed:2');

  // A Service's clusterIP, with Force=true.
  t.publish([namespace(t.namespace), service(t.namespace, ip(0), 'Force=true')]);
  expect((await t.sync()).result.result).toBe('succeeded');
  t.publish([namespace(t.namespace), service(t.namespace, ip(1), 'Force=true')]);
  const moved = await t.sync();
  expect(moved.result.result).toBe('succeeded');
  expect(applied(moved.events, 'recreated')).toEqual([`Service/${t.namespace}/db`]);
  expect(
    await kubectl(['get', 'service', 'db', '-o', 'jsonpath={.spec.clusterIP}'], { namespace: t.namespace }),
  ).toBe(ip(1));
});
