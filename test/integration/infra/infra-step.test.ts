/**
 * `runInfraStep`, the infra gate the sync engine calls, as a library: the hash skip, the result it
 * returns after an up, a failure naming the resource (an unreachable cluster), a held lock, and a
 * deadline that stops the child process — each a result, never a throw.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveInfraBackend, resolvePulumiRuntime } from '../../../operator/config/infra';
import { acquireOperationLock } from '../../../operator/adapters/pulumi';
import { infraHash, runInfraStep, type InfraStepOptions } from '../../../operator/infra';
import { loadInfraDescription } from '../../../operator/manifests/infra';
import type { InfraEvent } from '../../../operator/model';
import { toolchain } from '../../../tools/cluster/toolchain';
import { infraSandbox, kubectlRaw, testKubeconfig, type InfraSandbox } from '../helpers';
import { synthTo } from '../sync/fixture';

const env = `infra-step-${process.pid}`;
let sandbox: InfraSandbox;
let infraDir: string;
let base: Omit<InfraStepOptions, 'mode'>;

beforeAll(() => {
  sandbox = infraSandbox('step');
  infraDir = join(synthTo(mkdtempSync(join(sandbox.dir, 'dist-')), env, { infra: true }), 'infra');
  const tc = toolchain();
  const saved = process.env.FERRY_CACHE_DIR;
  process.env.FERRY_CACHE_DIR = sandbox.env.FERRY_CACHE_DIR;
  const runtime = resolvePulumiRuntime({
    pulumiBinDir: tc.pulumiBinDir,
    pulumiHome: tc.pulumiHome,
    kubernetesProviderVersion: tc.versions.pulumiKubernetesBuild,
  });
  process.env.FERRY_CACHE_DIR = saved;
  base = {
    env,
    infraDir,
    backend: resolveInfraBackend(sandbox.env.PULUMI_BACKEND_URL, sandbox.env),
    runtime,
    kubeconfig: testKubeconfig(),
  };
});
afterAll(async () => {
  await kubectlRaw(['delete', 'namespace', env, '--wait=false', '--ignore-not-found']);
  sandbox?.cleanup();
});

test('up returns the hash to record; with that hash the step is skipped without running', async () => {
  const events: InfraEvent[] = [];
  const up = await runInfraStep({ ...base, mode: 'up', emit: (e) => events.push(e) });
  expect(up).toMatchObject({ result: 'succeeded', mode: 'up', changed: true, changes: { create: 16 } });
  expect(up.hash).toBe(infraHash(await loadInfraDescription(infraDir, env)));
  expect(up.outputs).toEqual({
    environment: env,
    namespace: env,
    secrets: ['frontend-assets', 'orders-queue', 'public-api-db'],
    target: 'local',
  });
  expect(events[0]).toEqual({ type: 'infra-started', env, mode: 'up', stack: `shop/${env}` });
  expect(events.at(-1)).toMatchObject({ type: 'infra-finished', result: 'succeeded' });
  expect(events.filter((e) => e.type === 'infra-resource' && e.status === 'done').length).toBeGreaterThan(10);

  const skipped: InfraEvent[] = [];
  const again = await runInfraStep({ ...base, mode: 'up', lastHash: up.hash, emit: (e) => skipped.push(e) });
  expect(again).toMatchObject({ result: 'skipped', changed: false, hash: up.hash });
  expect(again.durationMs).toBeLessThan(2_000);
  expect(skipped.map((e) => e.type)).toEqual(['infra-skipped', 'infra-finished']);

  // A preview of the unchanged stack (no lastHash) runs and finds nothing to do.
  const preview = await runInfraStep({ ...base, mode: 'preview' });
  expect(preview).toMatchObject({ result: 'succeeded', changed: false, changes: { same: 16 } });
});

test('a failing resource fails the step and is named', async () => {
  const broken = join(sandbox.dir, 'unreachable.kubeconfig');
  writeFileSync(
    broken,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]',
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: x, context: {cluster: c, user: u}}]',
      'current-context: x',
    ].join('\n'),
  );
  const other = join(synthTo(mkdtempSync(join(sandbox.dir, 'dist-')), `${env}-b`, { infra: true }), 'infra');
  const r = await runInfraStep({ ...base, env: `${env}-b`, infraDir: other, mode: 'up', kubeconfig: broken });
  expect(r.result).toBe('failed');
  expect(r.failedResource?.type).toMatch(/^(kubernetes:core\/v1:Namespace|pulumi:providers:kubernetes)$/);
  expect(r.message).toMatch(/127\.0\.0\.1:9|unreachable|connection refused/i);
});

test('a second operation on the same environment is refused while one holds the lock', async () => {
  const held = acquireOperationLock(base.runtime.lockDir, `shop.${env}`, 'infra up of someone else');
  try {
    const r = await runInfraStep({ ...base, mode: 'preview' });
    expect(r.result).toBe('failed');
    expect(r.message).toMatch(/another infra operation holds shop\..*: infra up of someone else \(pid \d+/);
  } finally {
    held.release();
  }
});

test('the deadline stops the operation and its child process; the caller gets a result', async () => {
  const started = Date.now();
  const r = await runInfraStep({ ...base, mode: 'preview', timeoutMs: 1, graceMs: 2_000 });
  expect(r.result).toBe('failed');
  expect(r.message).toMatch(/timed out|cancelled/);
  expect(Date.now() - started).toBeLessThan(30_000);
});
