/**
 * Drift that matters is seen, on the real control plane: fields removed by hand whose absence the
 * server does not mean as "false" (allowPrivilegeEscalation, automountServiceAccountToken), fields
 * left behind by `kubectl apply`, unknown fields. The zero-write no-op re-sync survives.
 */
import { writeCount } from '../../../operator/adapters/kube';
import { diffEnvironment, connect } from '../../../operator/reconcile';
import { kubectl, kubectlApply, kubectlJson, kubectlRaw } from '../helpers';
import { applied, namespaceObject, testConfig, testEnvironments } from '../sync/fixture';

const envs = testEnvironments();
const testEnv = (label: string) => envs.make(label);
afterAll(async () => {
  await envs.dispose();
});

const namespace = namespaceObject;

function hardened(ns: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: ns },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          automountServiceAccountToken: false,
          hostNetwork: false,
          containers: [
            {
              name: 'api',
              image: 'ghcr.io/acme-shop/api:1.0.0',
              ports: [],
              securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true },
            },
          ],
        },
      },
    },
  };
}

type PodSpec = {
  automountServiceAccountToken?: boolean;
  containers: { securityContext?: { allowPrivilegeEscalation?: boolean } }[];
};
const podSpec = async (ns: string) =>
  (
    await kubectlJson<{ spec: { template: { spec: PodSpec } } }>(['get', 'deployment', 'api'], {
      namespace: ns,
    })
  ).spec.template.spec;

test('removing allowPrivilegeEscalation: false and automountServiceAccountToken: false by hand is drift', async () => {
  const t = testEnv('secdrift');
  t.publish([namespace(t.namespace), hardened(t.namespace)]);
  expect((await t.sync()).result.result).toBe('succeeded');

  // The no-op re-sync stays free: no writes, and not even a dry run (hostNetwork: false and
  // ports: [] were learned as dropped by the server from the first sync's answers).
  const noop = (await t.sync()).result;
  expect(noop.result).toBe('in-sync');
  expect(writeCount(noop.requests)).toBe(0);
  expect(noop.requests.dryRun).toBe(0);

  await kubectl(
    [
      'patch',
      'deployment',
      'api',
      '--type=json',
      '-p',
      JSON.stringify([
        { op: 'remove', path: '/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation' },
        { op: 'remove', path: '/spec/template/spec/automountServiceAccountToken' },
      ]),
    ],
    { namespace: t.namespace },
  );
  const tampered = await podSpec(t.namespace);
  expect(tampered.automountServiceAccountToken).toBeUndefined();

  const kube = await connect(testConfig(t.env, t.src).kubeconfig);
  try {
    const diff = await diffEnvironment(kube, testConfig(t.env, t.src));
    const entry = diff.entries.find((e) => e.ref.kind === 'Deployment');
    expect(entry?.action).toBe('change');
    expect(entry?.changes.map((c) => c.path).sort()).toEqual([
      'spec.template.spec.automountServiceAccountToken',
      'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
    ]);
  } finally {
    kube.client.close();
  }

  const { result, events } = await t.sync();
  expect(result).toMatchObject({ result: 'succeeded', reason: { kind: 'drift', objects: 1 } });
  expect(applied(events, 'configured')).toEqual([`Deployment/${t.namespace}/api`]);
  const repaired = await podSpec(t.namespace);
  expect(repaired.automountServiceAccountToken).toBe(false);
  expect(repaired.containers[0]!.securityContext?.allowPrivilegeEscalation).toBe(false);
  expect((await t.sync()).result.result).toBe('in-sync');
});

test('an object created with kubectl apply is adopted: fields the manifest drops are removed live', async () => {
  const t = testEnv('adopt');
  await kubectlApply(namespace(t.namespace));
  await kubectlApply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: t.namespace, labels: { team: 'old' } },
    data: { kept: '1', dropped: '2' },
  });
  t.publish([
    namespace(t.namespace),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: t.namespace },
      data: { kept: '1' },
    },
  ]);
  const { result } = await t.sync();
  expect(result.result).toBe('succeeded');
  const cm = await kubectlJson<{
    data: Record<string, string>;
    metadata: {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
      managedFields: { manager: string }[];
    };
  }>(['get', 'configmap', 'settings', '--show-managed-fields'], { namespace: t.namespace });
  expect(cm.data).toEqual({ kept: '1' });
  expect(cm.metadata.labels?.team).toBeUndefined();
  expect(cm.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined();
  expect(cm.metadata.managedFields.map((m) => m.manager)).not.toContain('kubectl-client-side-apply');
  expect((await t.sync()).result.result).toBe('in-sync');
});

test('YAML is read as kubectl reads it: defaultMode: 0755 is octal', async () => {
  const t = testEnv('yaml11');
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ${t.namespace}
spec:
  replicas: 1
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: ghcr.io/acme-shop/api:1.0.0
          volumeMounts: [{name: scripts, mountPath: /scripts}]
      volumes:
        - name: scripts
          configMap:
            name: scripts
            defaultMode: 0755
`;
  t.publish([
    namespace(t.namespace),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'scripts', namespace: t.namespace },
      data: { a: 'b' },
    },
    deployment,
  ]);
  expect((await t.sync()).result.result).toBe('succeeded');
  const mode = await kubectl(
    ['get', 'deployment', 'api', '-o', 'jsonpath={.spec.template.spec.volumes[0].configMap.defaultMode}'],
    {
      namespace: t.namespace,
    },
  );
  expect(mode).toBe('493');
});

test('unknown fields are refused (Strict) before anything is written; Validate=false drops them', async () => {
  const t = testEnv('strict');
  const typo = (options?: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'api',
      namespace: t.namespace,
      ...(options ? { annotations: { 'argocd.argoproj.io/sync-options': options } } : {}),
    },
    spec: { ...hardened(t.namespace).spec, replica: 2 },
  });
  t.publish([namespace(t.namespace), typo()]);
  const { result } = await t.sync();
  expect(result).toMatchObject({ result: 'failed', stage: 'dry-run' });
  expect(result.message).toMatch(/Deployment\/.*\/api: .*unknown field "spec\.replica"/);
  expect(writeCount(result.requests)).toBe(0);
  expect((await kubectlRaw(['get', 'namespace', t.namespace])).stderr).toMatch(/NotFound/);

  t.publish([namespace(t.namespace), typo('Validate=false')]);
  const lenient = (await t.sync()).result;
  expect(lenient.result).toBe('succeeded');
  expect(lenient.warnings).toEqual([
    expect.stringMatching(
      /Deployment\/.*\/api: Validate=false: dropped fields the API server does not know: \.spec\.replica$/,
    ),
  ]);
  await kubectl(['get', 'deployment', 'api'], { namespace: t.namespace });
});
