/**
 * `ferry promote staging production` reads staging's Environment status on the real control plane:
 * refused while staging is Degraded or OutOfSync, or Synced at a revision that does not run the
 * tags being promoted; allowed once staging is Synced and Healthy running them; `--force` overrides.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthEnvironments } from '../../../constructs/synth';
import { kubectlRaw, testKubeconfig } from '../helpers';
import { ensureEnvironmentCrd } from '../helpers/crd';
import { DeployRepo } from '../sync/fixture';
import { PlatformRepo, ROOT } from './platform';
import { Scratch } from './repos';

const scratch = new Scratch();
const deploy = new DeployRepo();
const out = mkdtempSync(join(tmpdir(), 'ferry-promote-'));

afterAll(async () => {
  await kubectlRaw(['delete', 'environment', 'staging', '-n', 'ferry-system', '--ignore-not-found']);
  scratch.dispose();
  deploy.dispose();
  rmSync(out, { recursive: true, force: true });
});

async function setStatus(status: object): Promise<void> {
  const r = await kubectlRaw([
    'patch',
    'environment',
    'staging',
    '-n',
    'ferry-system',
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status }),
  ]);
  if (r.code !== 0) throw new Error(r.stderr);
}

const ready = (revision: string) => ({
  sync: 'Synced',
  health: 'Current',
  revision,
  message: 'ok',
  conditions: [
    {
      type: 'Ready',
      status: 'True',
      reason: 'Synced',
      message: 'ok',
      lastTransitionTime: '2026-01-01T00:00:00Z',
    },
  ],
});

test('promotion waits for the source environment to be Synced and Healthy running the promoted tags', async () => {
  await ensureEnvironmentCrd();
  const r = await synthEnvironments({
    app: join(ROOT, 'environments', 'index.ts'),
    only: ['staging'],
    outDir: out,
    sourceCommit: null,
    workers: 0,
  });
  expect(r.ok).toBe(true);
  const current = deploy.publish('staging', join(out, 'staging'));
  const r2 = await kubectlRaw(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'ferry.dev/v1alpha1',
      kind: 'Environment',
      metadata: { name: 'staging', namespace: 'ferry-system' },
      spec: {
        source: { repo: deploy.url, branch: 'deploy', path: 'staging' },
        destination: { cluster: 'in-cluster', namespace: 'shop-staging' },
        suspend: true,
      },
    }),
  });
  expect(r2.stderr).toBe('');
  const repo = new PlatformRepo(scratch);
  const promote = (...extra: string[]) =>
    repo.ferry(['promote', 'staging', 'production', '--kubeconfig', testKubeconfig(), ...extra]);

  await setStatus({ ...ready(current), health: 'Failed', conditions: [] });
  const degraded = promote();
  expect(degraded.code).toBe(1);
  expect(degraded.stderr).toContain('staging is not Synced and Healthy (sync Synced, health Failed');
  await setStatus({ ...ready(current), sync: 'OutOfSync' });
  expect(promote().stderr).toContain('sync OutOfSync');

  // Synced and Healthy, but at an older revision that still runs 1.41.x.
  // (the Deployment, its migration Job and the smoke test all run the public-api image)
  let stale = current;
  for (const file of [
    'deployment.apps--public-api',
    'job.batch--public-api-migrate',
    'job.batch--smoke-test',
  ]) {
    stale = deploy.edit('staging', `manifests/shop-staging--${file}.yaml`, (t) =>
      t.replace(/public-api:1\.42\.0/g, 'public-api:1.41.2'),
    );
  }
  await setStatus(ready(stale));
  const notYet = promote();
  expect(notYet.code).toBe(1);
  expect(notYet.stderr).toMatch(
    /is Synced and Healthy at [0-9a-f]{12}, but that revision does not run public-api:1\.42\.0 yet/,
  );

  // --force skips the question.
  const forced = promote('--force', '--dry-run');
  expect(forced.code).toBe(0);
  expect(forced.stdout).toContain('not checking that staging is Synced and Healthy (--force)');

  await setStatus(ready(current));
  const ok = promote();
  expect(ok.stderr).toBe('');
  expect(ok.code).toBe(0);
  expect(ok.stdout).toMatch(/staging is Synced and Healthy at [0-9a-f]{12}, running public-api:1\.42\.0/);
}, 120_000);
