/**
 * The synthesised Environment CRD on the real API server: a minimal Environment gets its defaults,
 * bad specs are refused with a message naming the field, status is a subresource that accepts what
 * the operator writes, and `kubectl get environments` shows SYNC, HEALTH, REVISION, AGE, MESSAGE.
 */
import { freshNamespace, kubectl, kubectlJson, kubectlRaw } from '../helpers';
import { installCrd, synthSystem, type SynthesisedSystem } from './install';

const ns = freshNamespace();
let system: SynthesisedSystem;
const REVISION = '0123456789abcdef0123456789abcdef01234567';

beforeAll(async () => {
  system = await synthSystem();
  await installCrd(system);
});
afterAll(() => system?.dispose());

const environment = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'ferry.dev/v1alpha1',
  kind: 'Environment',
  metadata: { name },
  spec,
});
const minimal = {
  source: { repo: 'https://git.example.com/shop-deploy.git' },
  destination: { cluster: 'in-cluster', namespace: 'shop-dev' },
};

/** A server-side dry run of one Environment in the test namespace: what the API server says. */
function dryRun(spec: Record<string, unknown>) {
  return kubectlRaw(['apply', '--dry-run=server', '-o', 'json', '-f', '-'], {
    namespace: ns.name,
    input: JSON.stringify(environment('t-dry-run', spec)),
  });
}

test('a minimal Environment is accepted and gets its defaults', async () => {
  const r = await dryRun(minimal);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).spec).toEqual({
    source: { repo: 'https://git.example.com/shop-deploy.git', branch: 'deploy' },
    destination: { cluster: 'in-cluster', namespace: 'shop-dev' },
    syncPolicy: { automated: true, prune: false, selfHeal: false, allowEmpty: false },
    suspend: false,
    interval: '1m',
    timeout: '5m',
    deletionPolicy: 'Orphan',
  });
});

test('the synthesised Environments are accepted as they are', async () => {
  for (const o of system.objects.filter((x) => x.kind === 'Environment')) {
    const r = await kubectlRaw([
      'apply',
      '--dry-run=server',
      '-f',
      system.file('Environment', o.metadata.name),
    ]);
    expect(`${o.metadata.name}: ${r.stderr}`).toBe(`${o.metadata.name}: `);
  }
});

test.each([
  [
    'a deletionPolicy outside the enum',
    { deletionPolicy: 'Cascade' },
    'spec.deletionPolicy: Unsupported value: "Cascade"',
  ],
  ['a malformed revision', { revision: 'abc1234' }, 'spec.revision: Invalid value: "abc1234"'],
  [
    'an interval that is not a duration',
    { interval: '5 minutes' },
    'spec.interval: Invalid value: "5 minutes"',
  ],
  [
    'a zero interval',
    { interval: '0s' },
    'spec.interval: Invalid value: "string": interval must be longer than 0s',
  ],
  ['a missing source.repo', { source: { branch: 'deploy' } }, 'spec.source.repo: Required value'],
  [
    'a pinReason without a revision',
    { pinReason: 'bad release' },
    'spec.pinReason: Invalid value: "object": a pinReason requires a revision',
  ],
  [
    'a cluster that cannot name a Secret',
    { destination: { cluster: 'Prod_EU', namespace: 'shop' } },
    'spec.destination.cluster: Invalid value: "string": must be "in-cluster" or the name of a cluster Secret',
  ],
  [
    'Delete on the Environment of ferry-system',
    { destination: { cluster: 'in-cluster', namespace: 'ferry-system' }, deletionPolicy: 'Delete' },
    'spec.deletionPolicy: Invalid value: "object": an Environment whose destination is ferry-system must use deletionPolicy Orphan',
  ],
  [
    'a path leaving the repository',
    { source: { repo: 'https://x.example/d.git', path: 'dev/../../etc' } },
    'spec.source.path',
  ],
])('refuses %s, naming the field', async (_what, patch, message) => {
  const r = await dryRun({ ...minimal, ...patch });
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain('The Environment "t-dry-run" is invalid');
  expect(r.stderr).toContain(message);
});

test('accepts a pin with its reason', async () => {
  const r = await dryRun({ ...minimal, revision: REVISION, pinReason: 'bad release' });
  expect(r.stderr).toBe('');
});

test('status is a subresource holding what the operator writes, and kubectl prints it in columns', async () => {
  await kubectl(['apply', '-f', '-'], {
    namespace: ns.name,
    input: JSON.stringify(environment('t-columns', minimal)),
  });
  const status = {
    observedGeneration: 1,
    sync: 'Synced',
    health: 'Current',
    revision: REVISION,
    lastAttemptedRevision: REVISION,
    message: 'synced 0123456 (18 objects)',
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'Synced',
        message: 'synced 0123456',
        lastTransitionTime: '2025-01-01T00:00:00Z',
        observedGeneration: 1,
      },
    ],
    history: [
      {
        revision: REVISION,
        started: '2025-01-01T00:00:00Z',
        finished: '2025-01-01T00:00:05Z',
        result: 'succeeded',
        message: 'synced',
        writes: 18,
        pruned: 0,
        reason: 'new revision',
      },
    ],
    resources: { total: 18, bySync: { Synced: 18 }, byHealth: { Current: 18 }, unhealthy: [], outOfSync: [] },
  };
  const patch = (body: unknown, ...subresource: string[]) =>
    kubectlRaw(
      ['patch', 'environment', 't-columns', ...subresource, '--type=merge', '-p', JSON.stringify(body)],
      {
        namespace: ns.name,
      },
    );
  expect((await patch({ status }, '--subresource=status')).stderr).toBe('');
  // Status written through the main resource is ignored: only the status subresource writes it.
  expect((await patch({ status: { sync: 'OutOfSync' } })).code).toBe(0);
  const live = await kubectlJson<{ status: typeof status }>(['get', 'environment', 't-columns'], {
    namespace: ns.name,
  });
  expect(live.status).toEqual(status);

  const table = await kubectl(['get', 'environments'], { namespace: ns.name });
  const [header, row] = table.trim().split('\n');
  expect(header.split(/\s+/)).toEqual(['NAME', 'SYNC', 'HEALTH', 'REVISION', 'AGE', 'MESSAGE']);
  expect(row).toMatch(
    new RegExp(`^t-columns\\s+Synced\\s+Current\\s+${REVISION}\\s+\\S+\\s+synced 0123456 \\(18 objects\\)$`),
  );

  const bad = await patch({ status: { sync: 'Fine' } }, '--subresource=status');
  expect(bad.stderr).toContain('status.sync: Unsupported value: "Fine"');
});

test('`kubectl get environments -n ferry-system` prints the same columns', async () => {
  const name = `t-columns-${process.pid}`;
  try {
    // Suspended: an operator running in the cluster reports it but never syncs it.
    await kubectl(['apply', '-f', '-'], {
      namespace: 'ferry-system',
      input: JSON.stringify(environment(name, { ...minimal, suspend: true })),
    });
    const table = await kubectl(['get', 'environment', name], { namespace: 'ferry-system' });
    expect(table.split('\n')[0].split(/\s+/)).toEqual([
      'NAME',
      'SYNC',
      'HEALTH',
      'REVISION',
      'AGE',
      'MESSAGE',
    ]);
  } finally {
    await kubectlRaw([
      'delete',
      'environment',
      name,
      '-n',
      'ferry-system',
      '--wait=false',
      '--ignore-not-found',
    ]);
    // An operator that added its finalizer and stopped would leave the object behind.
    await kubectlRaw([
      'patch',
      'environment',
      name,
      '-n',
      'ferry-system',
      '--type=merge',
      '-p',
      '{"metadata":{"finalizers":null}}',
    ]);
  }
});
