/**
 * What every target creates in the environment's cluster: the Kubernetes provider, the namespace
 * (kept on delete: the app's manifests live there too) and one connection Secret per need — the
 * app-facing contract, identical for every target.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { CONNECTION_KEYS, connectionSecretName } from '../manifests/infra-names';
import { LABELS, type InfraDescription, type InfraNeedSpec } from '../model';

/** Labels of everything the stack creates in the cluster. */
export function infraLabels(d: InfraDescription, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'pulumi',
    'app.kubernetes.io/part-of': d.platform,
    [LABELS.infra]: d.environment,
    ...extra,
  };
}

export interface KubeContext {
  readonly provider: k8s.Provider;
  readonly namespace: pulumi.Output<string>;
}

/**
 * The provider reads the cluster from the ambient kubeconfig (KUBECONFIG, or in-cluster), so the
 * stack's inputs never carry a path of one machine. `version` pins the provider plugin (the one
 * tools/build.sh installs); unset, the SDK's own version is used.
 */
export function kubeContext(d: InfraDescription, providerVersion: string | undefined): KubeContext {
  const provider = new k8s.Provider(
    'kubernetes',
    { enableServerSideApply: true },
    providerVersion ? { version: providerVersion } : {},
  );
  // Created when the first sync has not run yet (the infra gate runs before any manifest); never
  // deleted by the stack. It sets one label of its own, `ferry.dev/infra`, and nothing the sync's
  // Namespace manifest sets: the stack then keeps a field-manager entry on the Namespace, so the
  // sync's apply co-owns it instead of adopting server-set fields on every sync (a Namespace left
  // with no managedFields gets a `before-first-apply` entry at each apply: never zero-write).
  const ns = new k8s.core.v1.Namespace(
    'namespace',
    { metadata: { name: d.namespace, labels: { 'ferry.dev/infra': d.environment } } },
    { provider, retainOnDelete: true },
  );
  return { provider, namespace: ns.metadata.name };
}

/** Keys of a need's connection Secret (documented in the README, "Infrastructure"). */
export type ConnectionData = Record<string, pulumi.Input<string>>;

/** The Secret `<need name>` with `url` and the need's other keys; every value is a Pulumi secret. */
export function connectionSecret(
  d: InfraDescription,
  kube: KubeContext,
  need: InfraNeedSpec,
  data: ConnectionData,
  parent: pulumi.Resource,
): k8s.core.v1.Secret {
  const keys = Object.keys(data).sort().join(',');
  if (keys !== [...CONNECTION_KEYS[need.kind]].sort().join(',')) {
    throw new Error(
      `connection Secret of ${need.kind} "${need.name}" has keys ${keys}, not the contract's ${CONNECTION_KEYS[need.kind].join(',')}`,
    );
  }
  const stringData = pulumi.secret(pulumi.all(data));
  return new k8s.core.v1.Secret(
    `${need.name}-connection`,
    {
      metadata: {
        name: connectionSecretName(need),
        namespace: kube.namespace,
        labels: infraLabels(d, { 'ferry.dev/need': need.name, 'ferry.dev/component': need.component }),
      },
      type: 'Opaque',
      stringData,
    },
    { provider: kube.provider, parent },
  );
}
