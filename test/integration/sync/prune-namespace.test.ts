/**
 * Pruning a Namespace would delete everything in it: Ferry keeps a no-longer-desired Namespace
 * while it holds objects the environment does not own, and prunes it once they are gone.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectl, kubectlRaw } from '../helpers';
import { DeployRepo, sync, writeFolder } from './fixture';

const env = `nsprune-${process.pid}`;
const [oldNs, newNs] = [`${env}-a`, `${env}-b`];
const repo = new DeployRepo();
const out = mkdtempSync(join(tmpdir(), 'ferry-ns-'));
const src = { repo: repo.url, cacheDir: repo.cacheDir };

const revision = (ns: string) =>
  writeFolder(out, env, ns, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns }, data: { a: 'b' } },
  ]);

afterAll(async () => {
  for (const ns of [oldNs, newNs])
    await kubectlRaw(['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
  repo.dispose();
});

test('a Namespace holding unowned objects is kept, then pruned once they are gone', async () => {
  repo.publish(env, revision(oldNs));
  expect((await sync(env, src)).result.result).toBe('succeeded');
  await kubectl(['create', 'configmap', 'marker', '--from-literal=keep=me'], { namespace: oldNs });

  repo.publish(env, revision(newNs));
  const moved = await sync(env, src, { prune: true });
  expect(moved.result.result).toBe('succeeded');
  const pruned = moved.events.flatMap((e) => (e.type === 'pruned' ? [`${e.ref.kind}/${e.ref.name}`] : []));
  expect(pruned).toEqual(['ConfigMap/settings']);
  const kept = moved.events.find((e) => e.type === 'prune-skipped' && e.ref.kind === 'Namespace');
  expect(kept).toMatchObject({ ref: { name: oldNs } });
  expect(kept && 'reason' in kept ? kept.reason : '').toContain('ConfigMap/marker');
  await kubectl(['get', 'configmap', 'marker'], { namespace: oldNs });

  await kubectl(['delete', 'configmap', 'marker'], { namespace: oldNs });
  const cleaned = await sync(env, src, { prune: true });
  expect(cleaned.events.flatMap((e) => (e.type === 'pruned' ? [`${e.ref.kind}/${e.ref.name}`] : []))).toEqual(
    [`Namespace/${oldNs}`],
  );
});
