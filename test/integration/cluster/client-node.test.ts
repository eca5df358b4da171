/** @kubernetes/client-node (ESM-only) loads under jest and talks to the test cluster. */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { testKubeconfig } from '../helpers';

test('client-node lists the KWOK node with the test kubeconfig', async () => {
  const kc = new KubeConfig();
  kc.loadFromFile(testKubeconfig());
  const nodes = await kc.makeApiClient(CoreV1Api).listNode();
  expect(nodes.items.map((n) => n.metadata?.name)).toContain('kwok-node-0');
});
