/**
 * Manifests written for Argo CD and Helm keep working: hooks named by generateName (Argo CD's own
 * examples), Helm hook annotations, CreateNamespace, and sync options Ferry does not implement
 * (warned about, never a reason to refuse the folder).
 */
import { kubectlJson, kubectlRaw } from '../helpers';
import { TestEnv } from '../sync/fixture';

const envs: TestEnv[] = [];
afterAll(async () => {
  for (const t of envs) {
    await kubectlRaw([
      'delete',
      'namespace',
      t.namespace,
      `${t.namespace}-extra`,
      '--wait=false',
      '--ignore-not-found',
    ]);
    t.dispose();
  }
});

const argoHook = (ns: string) => `apiVersion: batch/v1
kind: Job
metadata:
  generateName: schema-migrate-
  namespace: ${ns}
  annotations:
    argocd.argoproj.io/hook: PreSync
    argocd.argoproj.io/hook-delete-policy: BeforeHookCreation
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: tools:1
`;
const helmHook = (ns: string) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: {
    name: 'post-install-check',
    namespace: ns,
    annotations: {
      'helm.sh/hook': 'post-install,post-upgrade',
      'helm.sh/hook-weight': '5',
      'helm.sh/hook-delete-policy': 'hook-succeeded',
    },
  },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'tools:1' }] } } },
});
const helmTest = (ns: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'chart-test', namespace: ns, annotations: { 'helm.sh/hook': 'test' } },
  spec: { restartPolicy: 'Never', containers: [{ name: 't', image: 'tools:1' }] },
});
const configMap = (ns: string, name: string, data: Record<string, string>, options?: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name,
    namespace: ns,
    ...(options ? { annotations: { 'argocd.argoproj.io/sync-options': options } } : {}),
  },
  data,
});

type Job = { metadata: { name: string; annotations?: Record<string, string> } };
const jobs = async (ns: string) =>
  (await kubectlJson<{ items: Job[] }>(['get', 'jobs'], { namespace: ns })).items;

test('Argo CD generateName hooks, Helm hooks, CreateNamespace and unsupported options', async () => {
  const t = new TestEnv(`compat-${process.pid}`);
  envs.push(t);
  const extra = `${t.namespace}-extra`;
  const revision = (n: string) => [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: t.namespace } },
    argoHook(t.namespace),
    helmHook(t.namespace),
    helmTest(t.namespace),
    configMap(t.namespace, 'settings', { n }, 'RespectIgnoreDifferences=true'),
    configMap(extra, 'elsewhere', { n }, 'CreateNamespace=true'),
  ];
  t.publish(revision('1'));
  const first = await t.sync();
  expect(first.result.result).toBe('succeeded');
  expect(first.result.warnings).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /ConfigMap\/.*\/settings: .*"RespectIgnoreDifferences=true" is not supported by Ferry and is ignored/,
      ),
      expect.stringMatching(/Pod\/.*\/chart-test: helm\.sh\/hook "test" has no Ferry equivalent/),
    ]),
  );
  const started = first.events.flatMap((e) =>
    e.type === 'hook-started' ? [`${e.phase} ${e.ref.name}`] : [],
  );
  expect(started).toEqual(['PreSync schema-migrate-', 'PostSync post-install-check']);
  const afterFirst = await jobs(t.namespace);
  // The generateName hook ran as a generated Job carrying its tracking id; the Helm hook deleted itself.
  expect(afterFirst.map((j) => j.metadata.name)).toEqual([
    expect.stringMatching(/^schema-migrate-[a-z0-9]{5}$/),
  ]);
  expect(afterFirst[0]!.metadata.annotations?.['ferry.dev/tracking-id']).toBe(
    `${t.env}:batch/Job:${t.namespace}/schema-migrate-`,
  );
  expect((await kubectlRaw(['get', 'pod', 'chart-test'], { namespace: t.namespace })).stderr).toMatch(
    /NotFound/,
  );
  const created = await kubectlJson<{ metadata: { annotations?: Record<string, string> } }>([
    'get',
    'namespace',
    extra,
  ]);
  expect(created.metadata.annotations?.['ferry.dev/tracking-id']).toBe(`${t.env}:/Namespace:/${extra}`);

  // The next revision runs the hook again; BeforeHookCreation removed the earlier run.
  t.publish(revision('2'));
  const second = await t.sync();
  expect(second.result.result).toBe('succeeded');
  const afterSecond = await jobs(t.namespace);
  expect(afterSecond).toHaveLength(1);
  expect(afterSecond[0]!.metadata.name).not.toBe(afterFirst[0]!.metadata.name);
});
