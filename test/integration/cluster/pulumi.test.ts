/**
 * The pulumi toolchain built from Go modules previews and deploys a tiny @pulumi/kubernetes
 * program against the local control plane, with a local file backend and no network. Fails (never
 * skips) when the pulumi binaries are not built.
 */
import { join } from 'node:path';
import {
  kubectl,
  kubectlJson,
  kubectlRaw,
  namespaceName,
  pulumiWorkspace,
  type PulumiWorkspace,
} from '../helpers';

const FIXTURE = join(__dirname, '..', 'pulumi', 'fixtures', 'tiny');
const namespace = namespaceName('pulumi');
let ws: PulumiWorkspace | undefined;

afterAll(async () => {
  // Best effort: the namespace delete below removes what a failed destroy leaves.
  await ws?.run(['destroy', '--yes', '--skip-preview']).catch(() => undefined);
  ws?.cleanup();
  await kubectlRaw(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
});

test('pulumi preview and up create a Namespace and a ConfigMap that kubectl then lists', async () => {
  ws = pulumiWorkspace(FIXTURE);
  await ws.run(['stack', 'init', 'test']);
  await ws.run(['config', 'set', 'namespace', namespace]);

  const preview = await ws.run(['preview', '--diff']);
  expect(preview.stdout).toMatch(/\+\s+3 to create/);
  expect(preview.stdout).toContain('kubernetes:core/v1:Namespace');
  // A preview creates nothing.
  const before = await kubectlRaw(['get', 'namespace', namespace]);
  expect(before.stderr).toContain('NotFound');

  const up = await ws.run(['up', '--yes', '--skip-preview']);
  expect(up.stdout).toMatch(/3 created/);

  expect(await kubectl(['get', 'namespaces'])).toMatch(new RegExp(`^${namespace}\\s+Active`, 'm'));
  const cm = await kubectlJson<{ data: Record<string, string> }>(['get', 'configmap', 'settings'], {
    namespace,
  });
  expect(cm.data).toEqual({ greeting: 'hello from pulumi' });

  const outputs = JSON.parse((await ws.run(['stack', 'output', '--json'])).stdout) as Record<string, string>;
  expect(outputs).toEqual({ namespace, configMap: 'settings' });
});
