/**
 * The git workflow with the operator, on the real control plane and real git repositories:
 * - previews: `ferry preview open <branch> --kubeconfig` publishes the branch's folder and creates
 *   its Environment; the operator syncs it, its infra stack first (the operator's default Pulumi
 *   backend, --infra-backend-secret, since a preview's Environment names none); `close` removes it,
 *   and everything it owned is deleted, namespace included, and its stack destroyed and removed from
 *   the backend; a preview past its TTL is removed by the operator, which says so;
 * - rollback: `ferry rollback --to <index> --reason` pins an earlier revision, new commits do not
 *   sync while pinned, `ferry resume` returns to the branch head, and history shows the rollback.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { previewId } from '../../../constructs';
import { checkpointFile } from '../../../operator/adapters/pulumi';
import {
  applyEnvironment,
  infraSandbox,
  infraSecretNames,
  operatorInfraBackend,
  type InfraSandbox,
  kubectlJson,
  kubectlRaw,
  OperatorProcess,
  SHARD_LABEL,
  testKubeconfig,
  waitFor,
  waitForEnvironment,
} from '../helpers';
import { ensureEnvironmentCrd } from '../helpers/crd';
import { PlatformRepo, ROOT } from '../git/platform';
import { Scratch } from '../git/repos';
import { TestEnv } from '../sync/fixture';

const SHARD = `workflow-${process.pid}`;
const scratch = new Scratch();
const deploy = new TestEnv(`wfdeploy-${process.pid}`);
const operators: OperatorProcess[] = [];
/** The preview operator's default infra backend (a Secret in ferry-system). */
const backendSecret = `wf-infra-${process.pid}`;
let sandbox: InfraSandbox;

beforeAll(async () => {
  await ensureEnvironmentCrd();
  sandbox = infraSandbox('workflow');
  const pulumiEnv = await operatorInfraBackend(sandbox, backendSecret);
  operators.push(
    new OperatorProcess({
      identity: `wf-preview-${process.pid}`,
      selector: 'ferry.dev/preview=true',
      extraArgs: ['--infra-backend-secret', backendSecret],
      env: pulumiEnv,
    }),
  );
  operators.push(new OperatorProcess({ identity: `wf-${process.pid}`, shard: SHARD }));
});
afterAll(async () => {
  for (const o of operators) await o.stop();
  if (process.env.FERRY_TEST_SHOW_OPERATOR_LOG) for (const o of operators) process.stderr.write(o.log);
  await kubectlRaw(['delete', 'secret', backendSecret, '-n', 'ferry-system', '--ignore-not-found']);
  scratch.dispose();
  deploy.dispose();
  sandbox?.cleanup();
});

function ferry(cwd: string, ...args: string[]) {
  const r = spawnSync(join(ROOT, 'node_modules/.bin/node'), [join(ROOT, 'bin/ferry.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FERRY_CACHE_DIR: deploy.src.cacheDir },
    timeout: 240_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const namespaceGone = (ns: string, timeout = 120_000) =>
  waitFor(async () => (await kubectlRaw(['get', 'namespace', ns])).stderr.includes('NotFound'), {
    description: `namespace ${ns} to be deleted`,
    timeout,
  });

test('a preview opens, syncs, and closes leaving nothing behind; an expired one is removed by the operator', async () => {
  const repo = new PlatformRepo(scratch);
  const branch = `feature/äöü-${'ünïcödé-'.repeat(11)}${process.pid}`.slice(0, 100);
  const name = `preview-${previewId(branch)}`;
  const ns = `shop-${name}`;
  const open = ferry(
    repo.dir,
    'preview',
    'open',
    branch,
    '--repo',
    deploy.src.repo,
    '--kubeconfig',
    testKubeconfig(),
  );
  expect(open.stderr).toBe('');
  expect(open.code).toBe(0);
  expect(open.stdout).toMatch(/Environment ready for the operator \(deletionPolicy Delete, expires /);
  const synced = await waitForEnvironment(name, (e) => e.status?.sync === 'Synced', 'the preview to sync', {
    timeout: 300_000,
  });
  expect(synced.status!.health).toMatch(/Current|InProgress/);
  expect(synced.status!.infra).toMatchObject({ stack: `shop/${name}`, result: 'Succeeded' });
  expect(await infraSecretNames(name, ns)).toEqual(['frontend-assets', 'orders-queue', 'public-api-db']);
  expect((await kubectlRaw(['get', 'deployment', 'public-api'], { namespace: ns })).code).toBe(0);
  const checkpoint = checkpointFile(sandbox.state, { project: 'shop', stack: name });
  expect(existsSync(checkpoint)).toBe(true);

  const close = ferry(
    repo.dir,
    'preview',
    'close',
    branch,
    '--repo',
    deploy.src.repo,
    '--kubeconfig',
    testKubeconfig(),
  );
  expect(close.code).toBe(0);
  expect(close.stdout).toContain('Environment deleted; the operator deletes everything it owned');
  await namespaceGone(ns);
  await waitFor(
    async () =>
      (await kubectlRaw(['get', 'environment', name, '-n', 'ferry-system'])).stderr.includes('NotFound'),
    {
      description: `Environment ${name} to be gone`,
      timeout: 240_000,
    },
  );
  // Nothing left behind in the Pulumi backend either.
  expect(existsSync(checkpoint)).toBe(false);

  // A second preview with a short TTL: the operator deletes it when it expires, and says so.
  const short = `feature/ttl-${process.pid}`;
  const shortName = `preview-${previewId(short)}`;
  const reopened = ferry(
    repo.dir,
    'preview',
    'open',
    short,
    '--repo',
    deploy.src.repo,
    '--kubeconfig',
    testKubeconfig(),
    '--ttl',
    '30s',
  );
  expect(reopened.code).toBe(0);
  await waitForEnvironment(shortName, (e) => e.status?.sync === 'Synced', 'the short-lived preview to sync', {
    timeout: 300_000,
  });
  await waitFor(
    async () =>
      (await kubectlRaw(['get', 'environment', shortName, '-n', 'ferry-system'])).stderr.includes('NotFound'),
    { description: `Environment ${shortName} to expire and be deleted`, timeout: 300_000 },
  );
  expect(existsSync(checkpointFile(sandbox.state, { project: 'shop', stack: shortName }))).toBe(false);
  await namespaceGone(`shop-${shortName}`);
  const events = await kubectlJson<{ items: { reason: string; involvedObject: { name: string } }[] }>(
    ['get', 'events', '--field-selector', `involvedObject.name=${shortName}`],
    { namespace: 'ferry-system' },
  );
  expect(events.items.map((e) => e.reason)).toEqual(expect.arrayContaining(['Expired', 'InfraDestroyed']));
}, 1_200_000);

test('rollback pins an earlier revision visibly; new commits wait; resume returns to the head', async () => {
  const t = new TestEnv(`wfrollback-${process.pid}`);
  const ns = t.namespace;
  const revision = (v: string) =>
    t.publish([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'release', namespace: ns }, data: { v } },
    ]);
  const value = async () =>
    (await kubectlRaw(['get', 'configmap', 'release', '-o', 'jsonpath={.data.v}'], { namespace: ns })).stdout;
  const r1 = revision('1');
  await applyEnvironment({
    apiVersion: 'ferry.dev/v1alpha1',
    kind: 'Environment',
    metadata: { name: t.env, namespace: 'ferry-system', labels: { [SHARD_LABEL]: SHARD } },
    spec: {
      source: { repo: t.src.repo, branch: 'deploy', path: t.env },
      destination: { cluster: 'in-cluster', namespace: ns },
      syncPolicy: { automated: true, prune: true },
      interval: '2s',
    },
  });
  await waitForEnvironment(t.env, (e) => e.status?.revision === r1, 'to sync r1');
  const r2 = revision('2');
  await waitForEnvironment(t.env, (e) => e.status?.revision === r2, 'to sync r2');

  const rollback = ferry(
    ROOT,
    'rollback',
    t.env,
    '--to',
    '1',
    '--reason',
    'release 2 breaks checkout',
    '--kubeconfig',
    testKubeconfig(),
  );
  expect(rollback.stdout).toContain(`rollback ${t.env} to ${r1.slice(0, 12)}`);
  expect(rollback.stdout).toMatch(/~ ConfigMap\/.*\/release/);
  expect(rollback.code).toBe(0);
  expect(await value()).toBe('1');
  const pinned = await waitForEnvironment(t.env, (e) => e.status?.revision === r1, 'to be pinned to r1');
  expect(pinned.status!.message).toMatch(
    new RegExp(`^pinned to ${r1.slice(0, 12)} \\(release 2 breaks checkout\\)`),
  );
  const listed = ferry(ROOT, 'get', 'environments', '--kubeconfig', testKubeconfig());
  expect(listed.stdout).toMatch(
    new RegExp(`${t.env}\\s+Synced\\s+\\S+\\s+${r1.slice(0, 12)}\\s+pinned ${r1.slice(0, 12)}`),
  );

  // A new commit while pinned: a requested sync still applies the pinned revision.
  const r3 = revision('3');
  const asked = ferry(ROOT, 'sync', t.env, '--operator', '--kubeconfig', testKubeconfig());
  expect(asked.code).toBe(0);
  expect(await value()).toBe('1');

  const resumed = ferry(ROOT, 'resume', t.env, '--kubeconfig', testKubeconfig());
  expect(resumed.stdout).toContain(`unpinned from ${r1.slice(0, 12)}, back to the branch head`);
  await waitForEnvironment(t.env, (e) => e.status?.revision === r3, 'to sync the head again');
  expect(await value()).toBe('3');

  const history = ferry(ROOT, 'history', t.env, '--repo', t.src.repo, '--kubeconfig', testKubeconfig());
  expect(history.stdout).toMatch(
    new RegExp(`${r1.slice(0, 12)}.*succeeded.*pinned to ${r1.slice(0, 12)}: release 2 breaks checkout`),
  );
  await kubectlRaw(['delete', 'environment', t.env, '-n', 'ferry-system', '--wait=false']);
  await kubectlRaw(['delete', 'namespace', ns, '--wait=false']);
  t.dispose();
}, 300_000);
