/**
 * Retries that finish the job: the operation state recorded beside the inventory makes a failed or
 * interrupted sync visible to the next one, hooks of a new revision run, two syncs of one
 * environment never write at once, and a cancelled sync records its failure.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { writeCount } from '../../../operator/adapters/kube';
import type { SyncEvent } from '../../../operator/model';
import { kubectl, kubectlJson, kubectlRaw, testKubeconfig, waitFor } from '../helpers';
import { configMapObject, namespaceObject, testEnvironments } from '../sync/fixture';

const root = resolve(__dirname, '../../..');
const envs = testEnvironments();
const testEnv = (label: string) => envs.make(label);
const labelled: string[] = [];
afterAll(async () => {
  for (const l of labelled) await kubectlRaw(['label', 'node', '--all', `${l}-`]);
  await envs.dispose();
});

const namespace = namespaceObject;
const configMap = configMapObject;
/** A hook Job whose pod schedules only on a node carrying `label` (so a test decides when it can run). */
function hookJob(ns: string, name: string, phase: string, nodeLabel?: string) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: ns, annotations: { 'ferry.dev/hook': phase } },
    spec: {
      backoffLimit: 0,
      template: {
        spec: {
          restartPolicy: 'Never',
          ...(nodeLabel ? { nodeSelector: { [nodeLabel]: 'yes' } } : {}),
          containers: [{ name: 'run', image: 'ghcr.io/acme-shop/tools:1.0.0' }],
        },
      },
    },
  };
}
const hookRuns = (events: readonly SyncEvent[], name: string) =>
  events.filter((e) => e.type === 'hook-started' && e.ref.name === name).length;
const inventory = async (env: string) =>
  (
    await kubectlJson<{ data: Record<string, string> }>(['get', 'configmap', `ferry-inventory-${env}`], {
      namespace: 'ferry-system',
    })
  ).data;

test('a failed PostSync hook fails the sync; a retry of the same revision re-runs it and only then is in sync', async () => {
  const t = testEnv('posthook');
  const label = `ferry.dev/test-${t.env}`;
  const revision = t.publish([
    namespace(t.namespace),
    configMap(t.namespace, 'c'),
    hookJob(t.namespace, 'smoke', 'PostSync', label),
  ]);

  const first = await t.sync({ unschedulableGrace: '0s' });
  expect(first.result).toMatchObject({ result: 'failed', stage: 'hooks', reason: { kind: 'first-sync' } });
  expect(first.result.message).toMatch(/PostSync hook Job\/.*\/smoke failed: .*cannot be scheduled/);
  const failed = await inventory(t.env);
  expect(failed.revision).toBe(''); // never stamped with a revision that did not succeed
  expect(JSON.parse(failed.operation!)).toMatchObject({
    revision,
    phase: 'Failed',
    stage: 'hooks',
    reached: 'PostSync/0',
    hooks: [{ ref: `batch/Job/${t.namespace}/smoke`, phase: 'PostSync', result: 'failed' }],
  });

  // Nothing drifted, but the last sync failed: the retry is a full sync and runs the hook again.
  labelled.push(label);
  await kubectl(['label', 'node', '--all', `${label}=yes`]);
  const retry = await t.sync({ unschedulableGrace: '0s' });
  expect(retry.result).toMatchObject({ result: 'succeeded', reason: { kind: 'previous-failed' } });
  expect(hookRuns(retry.events, 'smoke')).toBe(1);
  const done = await inventory(t.env);
  expect(done.revision).toBe(revision);
  expect(JSON.parse(done.operation!)).toMatchObject({ phase: 'Succeeded', hooks: [{ result: 'succeeded' }] });

  const again = await t.sync();
  expect(again.result.result).toBe('in-sync');
  expect(hookRuns(again.events, 'smoke')).toBe(0);
  expect(writeCount(again.result.requests)).toBe(0);
});

test('a hook added in a new revision runs even when no object changed', async () => {
  const t = testEnv('newhook');
  t.publish([namespace(t.namespace), configMap(t.namespace, 'c')]);
  expect((await t.sync()).result.result).toBe('succeeded');
  t.publish([
    namespace(t.namespace),
    configMap(t.namespace, 'c'),
    hookJob(t.namespace, 'migrate', 'PreSync'),
  ]);
  const { result, events } = await t.sync();
  expect(result).toMatchObject({ result: 'succeeded', reason: { kind: 'new-revision' } });
  expect(hookRuns(events, 'migrate')).toBe(1);
});

test('a sync killed after its applies is finished by the next one, once its lease expires', async () => {
  const t = testEnv('killed');
  const label = `ferry.dev/test-${t.env}`;
  t.publish([
    namespace(t.namespace),
    configMap(t.namespace, 'c'),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: t.namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: {
            nodeSelector: { [label]: 'yes' },
            containers: [{ name: 'api', image: 'ghcr.io/acme-shop/api:1' }],
          },
        },
      },
    },
    hookJob(t.namespace, 'smoke', 'PostSync'),
  ]);
  // The CLI as a separate process, SIGKILLed while it waits for the Deployment (not schedulable yet).
  const child = spawn(
    join(root, 'node_modules/.bin/node'),
    [
      join(root, 'bin/ferry.js'),
      'sync',
      t.env,
      '--repo',
      t.src.repo,
      '--kubeconfig',
      testKubeconfig(),
      '--timeout',
      '5m',
    ],
    { cwd: root, env: { ...process.env, FERRY_CACHE_DIR: t.src.cacheDir, FERRY_SYNC_LEASE: '3s' } },
  );
  let stdout = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  await waitFor(() => (/InProgress\s+Deployment\/.*\/api/.test(stdout) ? true : undefined), {
    timeout: 60_000,
    description: 'the CLI to wait for the Deployment',
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  expect(JSON.parse((await inventory(t.env)).operation!)).toMatchObject({
    phase: 'Running',
    reached: 'Sync/0',
  });

  labelled.push(label);
  await kubectl(['label', 'node', '--all', `${label}=yes`]);
  // While the dead process's lease is alive, a sync is refused (never two writers); on a slow
  // machine the 3 s lease may already have expired, and then this first attempt is the one that
  // finds the operation unfinished and completes it: waves, health, PostSync.
  const first = await t.sync({ config: { leaseDurationMs: 3000 } });
  const resumed =
    first.result.stage !== 'lock'
      ? first
      : await waitFor(
          async () => {
            const run = await t.sync({ config: { leaseDurationMs: 3000 } });
            return run.result.stage === 'lock' ? undefined : run;
          },
          { timeout: 30_000, interval: 500, description: 'the killed sync’s lease to expire' },
        );
  if (first !== resumed) expect(first.result.message).toContain('another sync of environment');
  expect(resumed.result).toMatchObject({ result: 'succeeded', reason: { kind: 'previous-interrupted' } });
  expect(hookRuns(resumed.events, 'smoke')).toBe(1);
}, 180_000);

test('two syncs of one environment at once: one writes, the other is refused', async () => {
  const t = testEnv('twice');
  t.publish([
    namespace(t.namespace),
    ...Array.from({ length: 12 }, (_, i) => configMap(t.namespace, `c${i}`)),
  ]);
  const [a, b] = await Promise.all([t.sync(), t.sync()]);
  const results = [a.result, b.result].map((r) => `${r.result}${r.stage ? `/${r.stage}` : ''}`).sort();
  expect(results).toEqual(['failed/lock', 'succeeded']);
  const refused = [a.result, b.result].find((r) => r.result === 'failed')!;
  // refused by the lease, or — when the other one finished before this one took the lock — by the
  // inventory having changed since this one compared
  expect(refused.message).toMatch(
    /another sync of environment ".*" (is running|ran while this one was comparing)/,
  );
  expect((await t.sync()).result.result).toBe('in-sync');
});

test('a cancelled sync stops at the next step and records the failure', async () => {
  const t = testEnv('cancel');
  t.publish([namespace(t.namespace), configMap(t.namespace, 'c'), hookJob(t.namespace, 'smoke', 'PostSync')]);
  const controller = new AbortController();
  const { result, events } = await t.sync({
    deps: {
      signal: controller.signal,
      emit: (e) => {
        if (e.type === 'phase-started' && e.phase === 'PostSync')
          controller.abort(new Error('stopped by the test'));
      },
    },
  });
  expect(result.result).toBe('failed');
  expect(result.message).toContain('stopped by the test');
  expect(hookRuns(events, 'smoke')).toBe(0);
  expect(JSON.parse((await inventory(t.env)).operation!)).toMatchObject({ phase: 'Failed' });
  const next = await t.sync();
  expect(next.result).toMatchObject({ result: 'succeeded', reason: { kind: 'previous-failed' } });
});
