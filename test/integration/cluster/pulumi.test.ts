/**
 * The pulumi toolchain built from Go modules previews, deploys and destroys a tiny @pulumi/kubernetes
 * program (a Namespace and a ConfigMap in it) against the local control plane: an Automation API
 * inline program, a local file backend, no network. The provider is the one build.sh installed,
 * asked for by its true version (tools/versions.env PULUMI_KUBERNETES_BUILD_VERSION). Fails (never
 * skips) when the pulumi binaries are not built.
 */
import { readFileSync } from 'node:fs';
import * as k8s from '@pulumi/kubernetes';
import type { EngineEvent, PulumiFn } from '@pulumi/pulumi/automation';
import {
  inlineStack,
  kubectl,
  kubectlJson,
  kubectlRaw,
  namespaceName,
  pulumiToolVersions,
  testKubeconfig,
  type InlineStack,
} from '../helpers';

const namespace = namespaceName('pulumi');
const PROVIDER_TYPE = 'pulumi:providers:kubernetes';
let tiny: InlineStack | undefined;

/** A Namespace and a ConfigMap in it, through an explicit provider pinned to the built version. */
function tinyProgram(providerVersion: string): PulumiFn {
  const kubeconfig = readFileSync(testKubeconfig(), 'utf8');
  return async () => {
    const provider = new k8s.Provider('local', { kubeconfig }, { version: providerVersion });
    const ns = new k8s.core.v1.Namespace(
      'namespace',
      { metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': 'pulumi' } } },
      { provider },
    );
    const settings = new k8s.core.v1.ConfigMap(
      'settings',
      {
        metadata: { name: 'settings', namespace: ns.metadata.name },
        data: { greeting: 'hello from pulumi' },
      },
      { provider },
    );
    return { namespace: ns.metadata.name, configMap: settings.metadata.name };
  };
}

/** `<op> <type>` of every step the engine reported, sorted. */
function steps(events: readonly EngineEvent[]): string[] {
  return events
    .flatMap((e) => (e.resourcePreEvent ? [e.resourcePreEvent.metadata] : []))
    .map((m) => `${m.op} ${m.type}`)
    .sort();
}

afterAll(async () => {
  // Best effort: the namespace delete below removes what a failed destroy leaves.
  await tiny?.cleanup();
  await kubectlRaw(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
});

test('pulumi preview, up and destroy a Namespace and a ConfigMap that kubectl lists', async () => {
  const providerVersion = pulumiToolVersions().pulumiKubernetesBuild;
  tiny = await inlineStack({
    projectName: 'ferry-tiny',
    stackName: 'test',
    program: tinyProgram(providerVersion),
  });
  const { stack } = tiny;
  const creates = [
    'create kubernetes:core/v1:ConfigMap',
    'create kubernetes:core/v1:Namespace',
    `create ${PROVIDER_TYPE}`,
    'create pulumi:pulumi:Stack',
  ];

  const previewEvents: EngineEvent[] = [];
  const preview = await stack.preview({ onEvent: (e) => previewEvents.push(e) });
  expect(preview.changeSummary).toEqual({ create: 4 });
  expect(steps(previewEvents)).toEqual(creates);
  // A preview creates nothing.
  const before = await kubectlRaw(['get', 'namespace', namespace]);
  expect(before.stderr).toContain('NotFound');

  const upEvents: EngineEvent[] = [];
  const up = await stack.up({ onEvent: (e) => upEvents.push(e) });
  expect(up.summary.result).toBe('succeeded');
  expect(up.summary.resourceChanges).toEqual({ create: 4 });
  expect(steps(upEvents)).toEqual(creates);
  expect(up.outputs).toEqual({
    namespace: { value: namespace, secret: false },
    configMap: { value: 'settings', secret: false },
  });

  // The provider that ran is the built one, under its true version.
  const state = (await stack.exportStack()).deployment as {
    resources: { type: string; inputs?: { version?: string } }[];
  };
  const provider = state.resources.find((r) => r.type === PROVIDER_TYPE);
  expect(provider?.inputs?.version).toBe(providerVersion);

  expect(await kubectl(['get', 'namespace', namespace])).toMatch(new RegExp(`^${namespace}\\s+Active`, 'm'));
  const cm = await kubectlJson<{ data: Record<string, string> }>(['get', 'configmap', 'settings'], {
    namespace,
  });
  expect(cm.data).toEqual({ greeting: 'hello from pulumi' });

  const destroy = await stack.destroy();
  expect(destroy.summary.result).toBe('succeeded');
  expect(destroy.summary.resourceChanges).toEqual({ delete: 4 });
  const after = await kubectlRaw(['get', 'namespace', namespace, '-o', 'jsonpath={.status.phase}']);
  // Gone, or still finalizing its contents.
  expect(after.code === 0 ? after.stdout : after.stderr).toMatch(/NotFound|Terminating/);

  await stack.workspace.removeStack('test');
  expect(await stack.workspace.listStacks()).toEqual([]);
}, 300_000);
