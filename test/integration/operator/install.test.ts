/**
 * The seed workflow end to end, on a control plane of its own (the install owns ferry-system):
 * `ferry install` from a real deploy repository, then the operator — a separate process, under the
 * RBAC of its own install manifests (a token of its ServiceAccount from the TokenRequest API) —
 * keeps the environment synced: `kubectl get environments` shows it Synced and Healthy, and a new
 * commit on the deploy branch converges without anyone typing `ferry sync`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { synthEnvironments } from '../../../constructs/synth';
import { startCluster, type ClusterHandle } from '../../../tools/cluster';
import {
  condition,
  kubectl,
  kubectlRaw,
  OperatorProcess,
  waitForEnvironment,
  withoutInfraNeeds,
} from '../helpers';
import { DeployRepo } from '../sync/fixture';

const root = resolve(__dirname, '../../..');
const env = `inst-${process.pid}`;
const out = mkdtempSync(join(tmpdir(), 'ferry-install-'));
const repo = new DeployRepo();
let cluster: ClusterHandle;
let operator: OperatorProcess | undefined;

async function synth(frontendTag: string): Promise<void> {
  process.env.FERRY_TEST_INSTALL_ENV = env;
  process.env.FERRY_TEST_FRONTEND_TAG = frontendTag;
  const r = await synthEnvironments({
    app: join(__dirname, 'fixtures', 'install-app.ts'),
    outDir: out,
    sourceCommit: null,
    workers: 0,
  });
  if (!r.ok) throw new Error(`synth failed: ${JSON.stringify(r.issues)}`);
}

function ferry(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(
      join(root, 'node_modules/.bin/node'),
      [join(root, 'bin/ferry.js'), ...args],
      { cwd: root, env: { ...process.env, FERRY_CACHE_DIR: repo.cacheDir }, timeout: 180_000 },
      (err, stdout, stderr) =>
        done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

/** A kubeconfig that authenticates as the operator's ServiceAccount (nothing more). */
async function serviceAccountKubeconfig(): Promise<string> {
  const token = (
    await kubectl(['create', 'token', 'ferry-operator', '-n', 'ferry-system', '--duration', '1h'], {
      kubeconfig: cluster.kubeconfigPath,
    })
  ).trim();
  const admin = parse(readFileSync(cluster.kubeconfigPath, 'utf8')) as {
    clusters: { cluster: Record<string, string> }[];
  };
  const path = join(out, 'operator.kubeconfig');
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: admin.clusters[0]!.cluster }],
      users: [{ name: 'ferry-operator', user: { token } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'ferry-operator' } }],
      'current-context': 'c',
    }),
    { mode: 0o600 },
  );
  return path;
}

beforeAll(async () => {
  cluster = await startCluster({
    name: `jest-install-${process.pid}`,
    identity: 'local',
    stopWhenProcessExits: process.pid,
  });
}, 120_000);
afterAll(async () => {
  await operator?.stop();
  if (process.env.FERRY_TEST_SHOW_OPERATOR_LOG) process.stderr.write(operator?.log ?? '');
  await cluster?.stop();
  repo.dispose();
  rmSync(out, { recursive: true, force: true });
});

test('ferry install, then the operator under its own RBAC keeps the environment synced', async () => {
  await synth('2.8.0');
  repo.publish(env, withoutInfraNeeds(join(out, env)));
  repo.publish('ferry-system', join(out, 'ferry-system'));

  const installed = await ferry('install', '--repo', repo.url, '--kubeconfig', cluster.kubeconfigPath);
  expect(installed.stderr).toBe('');
  expect(installed.code).toBe(0);
  expect(installed.stdout).toContain('The operator now reconciles ferry-system');

  // Every Environment it installed reads the repository given to `ferry install`.
  const source = await kubectl(
    ['get', 'environment', env, '-n', 'ferry-system', '-o', 'jsonpath={.spec.source.repo}'],
    {
      kubeconfig: cluster.kubeconfigPath,
    },
  );
  expect(source).toBe(repo.url);

  operator = new OperatorProcess({
    identity: `inst-op-${process.pid}`,
    kubeconfig: await serviceAccountKubeconfig(),
  });
  const opts = { kubeconfig: cluster.kubeconfigPath, timeout: 120_000 };
  const synced = await waitForEnvironment(
    env,
    (e) => e.status?.sync === 'Synced' && e.status.health === 'Current',
    'to be Synced and Healthy',
    opts,
  );
  expect(condition(synced, 'Ready')?.status).toBe('True');
  await waitForEnvironment(
    'ferry-system',
    (e) => e.status?.sync === 'Synced',
    'to be Synced (the operator syncs itself)',
    opts,
  );
  const table = await kubectl(['get', 'environments', '-n', 'ferry-system'], {
    kubeconfig: cluster.kubeconfigPath,
  });
  expect(table).toMatch(new RegExp(`${env}\\s+Synced\\s+Current\\s+[0-9a-f]{40}`));

  // A new commit on the deploy branch converges within the environment's 2 s interval.
  await synth('2.9.0');
  const next = repo.publish(env, withoutInfraNeeds(join(out, env)));
  await waitForEnvironment(
    env,
    (e) => e.status?.revision === next && e.status.health === 'Current',
    'to sync the new commit',
    opts,
  );
  const image = await kubectl(
    ['get', 'deployment', 'frontend', '-n', env, '-o', 'jsonpath={.spec.template.spec.containers[0].image}'],
    { kubeconfig: cluster.kubeconfigPath },
  );
  expect(image).toBe('ghcr.io/acme-shop/frontend:2.9.0');
  // The operator never needed more than its install grants it.
  expect(operator.log).not.toMatch(/forbidden/i);
  const denied = await kubectlRaw(
    ['auth', 'can-i', 'delete', 'nodes', '--as', 'system:serviceaccount:ferry-system:ferry-operator'],
    {
      kubeconfig: cluster.kubeconfigPath,
    },
  );
  expect(denied.stdout.trim()).toBe('no');
}, 300_000);
