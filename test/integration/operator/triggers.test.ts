/**
 * What wakes the operator up, and what it tells: POST /webhook (generic bearer and GitHub HMAC),
 * the cheap poll shared by every Environment of one branch, /metrics after a success and a
 * failure, and notifications to a local HTTP endpoint. The operator runs as a process; the
 * Environments' interval is 10 minutes, so whatever happens within a test was caused by the
 * webhook or the poll, not by the periodic reconcile.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import {
  applyEnvironment,
  getEnvironment,
  kubectlRaw,
  metricSum,
  OperatorProcess,
  removeEnvironment,
  SHARD_LABEL,
  waitFor,
  waitForEnvironment,
} from '../helpers';
import { ensureEnvironmentCrd } from '../helpers/crd';
import { DeployRepo, TestEnv, writeFolder } from '../sync/fixture';

const PID = process.pid;
const SECRET = `hook-secret-${PID}`;
const envs: TestEnv[] = [];
const cleanup: (() => unknown)[] = [];
const received: { path: string; body: Record<string, unknown> }[] = [];
let server: Server;
let refusedOnce = 0;
let hooks: OperatorProcess;

const configMap = (ns: string, name: string, v: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns },
  data: { v },
});
const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

function environment(name: string, repo: string, ns: string, shard: string, path = name) {
  return {
    apiVersion: 'ferry.dev/v1alpha1',
    kind: 'Environment',
    metadata: { name, namespace: 'ferry-system', labels: { [SHARD_LABEL]: shard } },
    spec: {
      source: { repo, branch: 'deploy', path },
      destination: { cluster: 'in-cluster', namespace: ns },
      syncPolicy: { automated: true, prune: true },
      interval: '10m',
    },
  };
}

async function secret(name: string, data: Record<string, string>): Promise<void> {
  const obj = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: 'ferry-system' },
    stringData: data,
  };
  const r = await kubectlRaw(['apply', '-f', '-'], { input: JSON.stringify(obj) });
  if (r.code !== 0) throw new Error(`creating Secret ${name}: ${r.stderr}`);
  cleanup.push(() => kubectlRaw(['delete', 'secret', name, '-n', 'ferry-system', '--ignore-not-found']));
}

async function webhook(
  headers: Record<string, string>,
  body: string | Buffer,
): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${await hooks.port()}/webhook`, {
    method: 'POST',
    headers,
    body,
  });
  return { status: res.status, body: await res.text() };
}

async function deployed(label: string, shard: string): Promise<{ t: TestEnv; rev: string }> {
  const t = new TestEnv(`${label}-${PID}`);
  envs.push(t);
  const rev = t.publish([namespace(t.namespace), configMap(t.namespace, 'c', '1')]);
  await applyEnvironment(environment(t.env, t.src.repo, t.namespace, shard));
  await waitForEnvironment(t.env, (e) => e.status?.revision === rev && e.status.sync === 'Synced', 'to sync');
  return { t, rev };
}

beforeAll(async () => {
  await ensureEnvironmentCrd();
  server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      // The Slack endpoint fails its first request: delivery is retried with backoff.
      if (req.url === '/slack' && refusedOnce++ === 0) return void res.writeHead(503).end();
      received.push({ path: req.url ?? '', body: JSON.parse(data) as Record<string, unknown> });
      res.writeHead(req.url?.startsWith('/gh/') ? 201 : 204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await secret(`hook-${PID}`, { secret: SECRET });
  await secret(`notify-${PID}`, {
    'config.yaml': [
      'webhooks:',
      `  - url: ${url}/json`,
      `  - url: ${url}/slack`,
      '    format: slack',
      '    events: [failed]',
      'githubStatus:',
      '  token: test-token',
      `  apiUrl: ${url}/gh`,
      '  repository: acme/deploy',
      '',
    ].join('\n'),
  });
  hooks = new OperatorProcess({
    identity: `hooks-${PID}`,
    shard: `hooks-${PID}`,
    extraArgs: [
      '--no-poll',
      '--webhook-secret',
      `hook-${PID}`,
      '--notifications-secret',
      `notify-${PID}`,
      '--notify-backoff',
      '100ms',
    ],
  });
});

afterAll(async () => {
  await hooks?.stop();
  if (process.env.FERRY_TEST_SHOW_OPERATOR_LOG) process.stderr.write(hooks.log);
  for (const t of envs) {
    await removeEnvironment(t.env, t.namespace);
    t.dispose();
  }
  for (const c of cleanup) await c();
  server?.close();
});

let webhookEnvs: { a: TestEnv; b: TestEnv; revA: string; revB: string };

test('a signed push syncs exactly the Environments reading that repo and branch; bad requests sync nothing', async () => {
  const { t: a, rev: a1 } = await deployed('hooka', `hooks-${PID}`);
  const { t: b, rev: b1 } = await deployed('hookb', `hooks-${PID}`);
  const a2 = a.publish([namespace(a.namespace), configMap(a.namespace, 'c', '2')]);
  const b2 = b.publish([namespace(b.namespace), configMap(b.namespace, 'c', '2')]);

  // Generic sender: a bearer token and {repo, branch}. Only A is enqueued.
  const generic = await webhook(
    { Authorization: `Bearer ${SECRET}`, 'Content-Type': 'application/json' },
    JSON.stringify({ repo: a.src.repo, branch: 'deploy' }),
  );
  expect(generic.status).toBe(202);
  expect(JSON.parse(generic.body)).toEqual({ enqueued: [a.env], forwarded: [] });
  await waitForEnvironment(a.env, (e) => e.status?.revision === a2, 'to sync the pushed commit', {
    timeout: 20_000,
  });

  // A bad signature for B: 401, counted, nothing synced.
  const push = Buffer.from(
    JSON.stringify({ ref: 'refs/heads/deploy', after: b2, repository: { clone_url: b.src.repo } }),
  );
  const forged = await webhook(
    {
      'X-GitHub-Event': 'push',
      'X-Hub-Signature-256': `sha256=${createHmac('sha256', 'not-the-secret').update(push).digest('hex')}`,
    },
    push,
  );
  expect(forged.status).toBe(401);
  // Oversized and malformed bodies.
  const big = await webhook({ Authorization: `Bearer ${SECRET}` }, Buffer.alloc(1024 * 1024 + 1, 'x'));
  expect(big.status).toBe(413);
  const malformed = await webhook({ Authorization: `Bearer ${SECRET}` }, '{"repo": ');
  expect(malformed.status).toBe(400);
  expect(JSON.parse(malformed.body).error).toMatch(/not JSON/);
  const metrics = await hooks.metrics();
  expect(metricSum(metrics, 'ferry_webhook_requests_total', { result: 'unauthorized' })).toBe(1);
  expect(metricSum(metrics, 'ferry_webhook_requests_total', { result: 'too-large' })).toBe(1);
  expect(metricSum(metrics, 'ferry_webhook_requests_total', { result: 'malformed' })).toBe(1);
  expect(metricSum(metrics, 'ferry_sync_total', { environment: b.env })).toBe(1);
  expect((await getEnvironment(b.env)).status?.revision).toBe(b1);

  // The same push, signed: B syncs (A does not run again).
  const signed = await webhook(
    {
      'X-GitHub-Event': 'push',
      'X-Hub-Signature-256': `sha256=${createHmac('sha256', SECRET).update(push).digest('hex')}`,
    },
    push,
  );
  expect(signed.status).toBe(202);
  expect(JSON.parse(signed.body)).toEqual({ enqueued: [b.env], forwarded: [] });
  await waitForEnvironment(b.env, (e) => e.status?.revision === b2, 'to sync the pushed commit', {
    timeout: 20_000,
  });
  expect(metricSum(await hooks.metrics(), 'ferry_sync_total', { environment: a.env })).toBe(2);
  expect(a1).not.toBe(a2);
  webhookEnvs = { a, b, revA: a2, revB: b2 };
}, 120_000);

test('/metrics and notifications after a success and a failure', async () => {
  const { a, revA } = webhookEnvs;
  const bad = new TestEnv(`hookbad-${PID}`);
  envs.push(bad);
  const badRev = bad.publish([namespace(bad.namespace), configMap(bad.namespace, 'Bad_Name', '1')]);
  await applyEnvironment(environment(bad.env, bad.src.repo, bad.namespace, `hooks-${PID}`));
  await waitForEnvironment(bad.env, (e) => e.status?.sync === 'OutOfSync', 'to fail', { timeout: 30_000 });

  const m = await hooks.metrics();
  expect(
    metricSum(m, 'ferry_environment_info', { environment: a.env, sync_status: 'Synced', revision: revA }),
  ).toBe(1);
  expect(metricSum(m, 'ferry_environment_info', { environment: a.env })).toBe(1);
  expect(metricSum(m, 'ferry_sync_total', { environment: a.env, result: 'succeeded' })).toBe(2);
  expect(metricSum(m, 'ferry_sync_total', { environment: bad.env, result: 'failed' })).toBeGreaterThanOrEqual(
    1,
  );
  expect(metricSum(m, 'ferry_sync_total', { environment: bad.env, result: 'succeeded' })).toBe(0);
  expect(metricSum(m, 'ferry_environment_info', { environment: bad.env, sync_status: 'OutOfSync' })).toBe(1);
  expect(metricSum(m, 'ferry_sync_duration_seconds_count', { environment: a.env })).toBe(2);
  expect(metricSum(m, 'ferry_git_requests_total', { operation: 'fetch', result: 'success' })).toBeGreaterThan(
    0,
  );
  expect(metricSum(m, 'ferry_kube_requests_total', { verb: 'patch' })).toBeGreaterThan(0);
  expect(metricSum(m, 'ferry_kube_requests_total', { verb: 'dryrun' })).toBeGreaterThan(0);
  expect(m.has('ferry_watch_restarts_total{reason="gone"}')).toBe(true);
  expect(m.has('process_resident_memory_bytes')).toBe(true);

  // Notifications: one deployed message per revision, one failure message with the cause.
  const json = () => received.filter((r) => r.path === '/json');
  await waitFor(
    () =>
      json().some((r) => r.body.event === 'failed' && r.body.environment === bad.env) &&
      received.some((r) => r.path === '/slack') &&
      received.some((r) => r.path.endsWith(`/statuses/${badRev}`)),
    {
      description: 'the failure notification',
      timeout: 20_000,
      interval: 100,
    },
  );
  const ofA = json().filter((r) => r.body.environment === a.env && r.body.event === 'deployed');
  expect(ofA.map((r) => r.body.revision).sort()).toEqual(
    [...new Set(ofA.map((r) => r.body.revision))].sort(),
  );
  expect(ofA.map((r) => r.body.revision)).toContain(revA);
  expect(ofA).toHaveLength(2);
  const failed = json().filter((r) => r.body.environment === bad.env && r.body.event === 'failed');
  expect(failed).toHaveLength(1);
  expect(failed[0]!.body).toMatchObject({ revision: badRev, message: expect.stringMatching(/Bad_Name/) });
  const slack = received.filter((r) => r.path === '/slack');
  expect(slack.map((r) => r.body.text)).toEqual([
    expect.stringMatching(new RegExp(`\\*${bad.env}\\* failed[\\s\\S]*Bad_Name`)),
  ]);
  expect(refusedOnce).toBe(2); // one refused, then delivered
  // GitHub-style commit statuses on the deploy-branch commits.
  const statuses = received.filter((r) => r.path.startsWith('/gh/'));
  expect(statuses).toContainEqual({
    path: `/gh/repos/acme/deploy/statuses/${revA}`,
    body: expect.objectContaining({ state: 'success', context: `ferry/${a.env}` }),
  });
  expect(statuses).toContainEqual({
    path: `/gh/repos/acme/deploy/statuses/${badRev}`,
    body: expect.objectContaining({ state: 'failure', context: `ferry/${bad.env}` }),
  });
}, 120_000);

test('polling: ten Environments on one branch cost one ls-remote per interval; a new commit is picked up', async () => {
  const shard = `poll-${PID}`;
  const repo = new DeployRepo();
  cleanup.push(() => repo.dispose());
  const poller = new OperatorProcess({ identity: shard, shard, extraArgs: ['--poll-interval', '1s'] });
  cleanup.push(async () => {
    await poller.stop();
    if (process.env.FERRY_TEST_SHOW_OPERATOR_LOG) process.stderr.write(poller.log);
  });
  const names = Array.from({ length: 10 }, (_, i) => `poll${i}-${PID}`);
  const folder = (name: string, v: string) =>
    writeFolder(`${repo.root}/out-${name}-${v}`, name, name, [namespace(name), configMap(name, 'c', v)]);
  for (const name of names) repo.publish(name, folder(name, '1'));
  for (const name of names) {
    await applyEnvironment(environment(name, repo.url, name, shard));
    cleanup.push(() => removeEnvironment(name, name));
  }
  for (const name of names) await waitForEnvironment(name, (e) => e.status?.sync === 'Synced', 'to sync');

  // Idle: ls-remote once per interval for the one branch, no fetch.
  const m0 = await poller.metrics();
  const t0 = Date.now();
  const lsRemotes = (m: Map<string, number>) =>
    metricSum(m, 'ferry_git_requests_total', { operation: 'ls-remote' });
  const fetches = (m: Map<string, number>) =>
    metricSum(m, 'ferry_git_requests_total', { operation: 'fetch' });
  const m1 = await waitFor(
    async () => {
      const m = await poller.metrics();
      return lsRemotes(m) - lsRemotes(m0) >= 3 ? m : undefined;
    },
    { description: 'three polls', timeout: 20_000, interval: 200 },
  );
  const idleSeconds = (Date.now() - t0) / 1000;
  expect(lsRemotes(m1) - lsRemotes(m0)).toBeLessThanOrEqual(Math.ceil(idleSeconds) + 1);
  expect(fetches(m1)).toBe(fetches(m0));

  // A commit: every Environment reading the branch is looked at, within one interval or so.
  const pushedAt = Date.now();
  const rev = repo.publish(names[0]!, folder(names[0]!, '2'));
  for (const name of names)
    await waitForEnvironment(name, (e) => e.status?.revision === rev, 'to pick up the commit', {
      timeout: 20_000,
    });
  expect(Date.now() - pushedAt).toBeLessThan(15_000);
  const m2 = await poller.metrics();
  const seconds = (Date.now() - t0) / 1000;
  expect(lsRemotes(m2) - lsRemotes(m0)).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
}, 180_000);
