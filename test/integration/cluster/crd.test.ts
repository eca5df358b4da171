/** The apiextensions apiserver: a CRD becomes Established and serves custom resources. */
import { freshNamespace, kubectl, kubectlApply, kubectlJson, waitFor } from '../helpers';

const ns = freshNamespace();
const group = `t${Date.now().toString(36)}.ferry.dev`;
const crdName = `widgets.${group}`;

interface Crd {
  status?: { conditions?: Array<{ type: string; status: string }> };
}

afterAll(async () => {
  await kubectl(['delete', 'crd', crdName, '--wait=false', '--ignore-not-found']);
});

test('a CRD becomes Established and a custom resource can be created', async () => {
  await kubectlApply({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: crdName },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: { size: { type: 'integer', minimum: 1 } },
                  required: ['size'],
                },
              },
            },
          },
        },
      ],
    },
  });

  await waitFor(
    async () => {
      const crd = await kubectlJson<Crd>(['get', 'crd', crdName]);
      return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    },
    { description: `CustomResourceDefinition/${crdName} to be Established`, timeout: 30_000 },
  );

  await waitFor(
    () =>
      kubectlApply(
        { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 3 } },
        { namespace: ns.name },
      ),
    { description: `Widget/${ns.name}/w1 to be accepted (discovery of ${group})`, timeout: 30_000 },
  );
  const widget = await kubectlJson<{ spec: { size: number } }>(['get', `widgets.${group}`, 'w1'], {
    namespace: ns.name,
  });
  expect(widget.spec.size).toBe(3);

  // The schema is enforced: size must be >= 1.
  await expect(
    kubectlApply(
      { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w2' }, spec: { size: 0 } },
      { namespace: ns.name },
    ),
  ).rejects.toThrow(/spec.size/);
});
