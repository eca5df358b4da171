/** The machine's kubectl works with the kubeconfig the control plane writes. */
import { readVersions } from '../../../tools/cluster/toolchain';
import { kubectl, kubectlJson } from '../helpers';

interface NodeList {
  items: Array<{
    metadata: { name: string };
    spec: { taints?: unknown[] };
    status: { conditions: Array<{ type: string; status: string }>; allocatable: Record<string, string> };
  }>;
}

test('get nodes shows a Ready, untainted KWOK node', async () => {
  const table = await kubectl(['get', 'nodes']);
  expect(table).toMatch(/kwok-node-0\s+Ready\s/);

  const nodes = await kubectlJson<NodeList>(['get', 'nodes']);
  const node = nodes.items.find((n) => n.metadata.name === 'kwok-node-0');
  expect(node?.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
  expect(node?.spec.taints ?? []).toEqual([]);
  // The apiserver canonicalises 1000 to "1k".
  expect(node?.status.allocatable.pods).toMatch(/^(1k|1000)$/);
});

test('version reports the server version pinned in tools/versions.env', async () => {
  const version = await kubectlJson<{ serverVersion: { gitVersion: string } }>(['version']);
  expect(version.serverVersion.gitVersion).toBe(`v${readVersions().kubernetes}`);
});
