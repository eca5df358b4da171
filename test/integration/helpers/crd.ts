/**
 * The Environment CRD on the run's control plane, as Ferry's own construct builds it — applied
 * idempotently (tests share the cluster; nothing deletes it).
 */
import { kubectlRaw } from './kubectl';
import { waitFor } from './wait';

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'environments.ferry.dev' },
  spec: {
    group: 'ferry.dev',
    scope: 'Namespaced',
    names: {
      plural: 'environments',
      singular: 'environment',
      kind: 'Environment',
      listKind: 'EnvironmentList',
    },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

export async function ensureEnvironmentCrd(kubeconfig?: string): Promise<void> {
  const exists = await kubectlRaw(['get', 'crd', 'environments.ferry.dev'], { kubeconfig });
  if (exists.code !== 0) {
    const r = await kubectlRaw(['apply', '-f', '-'], { input: JSON.stringify(CRD), kubeconfig });
    if (r.code !== 0) throw new Error(`cannot install the Environment CRD: ${r.stderr}`);
  }
  await kubectlRaw(['create', 'namespace', 'ferry-system'], { kubeconfig });
  await waitFor(
    async () => (await kubectlRaw(['get', 'environments', '-n', 'ferry-system'], { kubeconfig })).code === 0,
    { description: 'the Environment CRD to be served', timeout: 30_000 },
  );
}
