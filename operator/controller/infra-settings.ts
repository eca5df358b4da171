/**
 * The infra gate's settings for an Environment: `spec.infra.backendSecretRef` names a Secret in
 * ferry-system with keys `backendURL` and, for self-managed backends (file://, s3://, gs://,
 * azblob://), `passphrase`. The pulumi CLI and plugins are the operator process's (PATH,
 * FERRY_PULUMI_BIN_DIR, PULUMI_HOME). An Environment that names none uses the operator's default
 * Secret (`--infra-backend-secret`, default `ferry-infra-backend`) when that exists — previews, which
 * `ferry preview open` creates, get their backend that way. Without either the settings carry the
 * problem, which a sync reports only when the environment's infra actually has to run.
 */
import type { KubeObjects } from '../adapters/kube';
import { parseDuration, type OperatorConfig } from '../config';
import { resolveInfraBackend, resolvePulumiRuntime, type InfraSettings } from '../config/infra';
import { IN_CLUSTER, type EnvironmentResource } from '../model';
import { CredentialsError } from './credentials';

export async function infraSettings(
  kube: KubeObjects,
  env: EnvironmentResource,
  cfg: OperatorConfig,
): Promise<InfraSettings> {
  const runtime = resolvePulumiRuntime(undefined);
  if (env.spec.destination.cluster !== IN_CLUSTER) {
    return {
      runtime,
      problem:
        `the operator runs infra only for in-cluster destinations (this one is "${env.spec.destination.cluster}"); ` +
        'bring the stack up with `ferry infra up` (e.g. from CI) for now',
    };
  }
  const where = cfg.kubeconfig ? { kubeconfig: cfg.kubeconfig } : {};
  const ref = env.spec.infra?.backendSecretRef;
  const secretName = ref?.name ?? cfg.infraBackendSecret;
  const secret = await kube.get({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: secretName, namespace: cfg.namespace },
  });
  if (!ref && !secret) {
    return {
      runtime,
      ...where,
      problem:
        `the Environment names no Pulumi backend: set spec.infra.backendSecretRef to a Secret in ${cfg.namespace} ` +
        `with keys backendURL and passphrase, or create the operator's default Secret ${cfg.namespace}/${cfg.infraBackendSecret}`,
    };
  }
  const name = `Secret ${cfg.namespace}/${secretName} (${ref ? 'spec.infra.backendSecretRef' : "the operator's default infra backend, --infra-backend-secret"})`;
  if (!secret) throw new CredentialsError(`${name} does not exist`);
  const data = (secret.data ?? {}) as Record<string, string>;
  const decode = (k: string) => (data[k] ? Buffer.from(data[k], 'base64').toString('utf8') : undefined);
  const url = decode('backendURL');
  if (!url) throw new CredentialsError(`${name} has no \`backendURL\` key`);
  const passphrase = decode('passphrase');
  try {
    const backend = resolveInfraBackend(
      url,
      passphrase !== undefined ? { PULUMI_CONFIG_PASSPHRASE: passphrase } : {},
    );
    const refreshAfterMs = parseDuration(
      env.spec.infra?.refreshInterval ?? '1h',
      'spec.infra.refreshInterval',
    );
    return { backend, runtime, ...where, refreshAfterMs };
  } catch (err) {
    throw new CredentialsError(
      `${name}: ${(err as Error).message.replace(/set PULUMI_CONFIG_PASSPHRASE.*$/, 'add a `passphrase` key')}`,
    );
  }
}
