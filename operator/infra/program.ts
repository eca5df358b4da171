/**
 * The Pulumi program of an environment's infra stack, built from its infra description alone. The
 * same function runs everywhere: `ferry infra` and the operator (an Automation API inline program in
 * a child process), the top-level Pulumi.yaml program (`pulumi preview --stack <env>`), and the unit
 * tests (Pulumi mocks). So every path builds the same resources with the same names.
 *
 * Stack outputs carry no secret: the environment, target, namespace, the connection Secret names,
 * and (gcp) the service account's email.
 */
import type * as pulumi from '@pulumi/pulumi';
import { connectionSecretName } from '../manifests/infra-names';
import type { GcpTargetSpec, InfraDescription, InfraTargetSpec, LocalTargetSpec } from '../model';
import { kubeContext } from './kube';
import { buildLocal } from './local';

export interface InfraProgramOptions {
  /** Version of the kubernetes provider plugin to ask for. @default the @pulumi/kubernetes SDK's own */
  readonly kubernetesProviderVersion?: string;
  /** Version of the gcp provider plugin to ask for. @default the @pulumi/gcp SDK's own */
  readonly gcpProviderVersion?: string;
}

type On<T extends InfraTargetSpec> = InfraDescription & { readonly target: T };
const isLocal = (d: InfraDescription): d is On<LocalTargetSpec> => d.target.kind === 'local';
const isGcp = (d: InfraDescription): d is On<GcpTargetSpec> => d.target.kind === 'gcp';

/** Declares the stack's resources in the running Pulumi program; returns its outputs. */
export function buildInfra(
  d: InfraDescription,
  opts: InfraProgramOptions = {},
): Record<string, pulumi.Input<unknown>> {
  const kube = kubeContext(d, opts.kubernetesProviderVersion);
  const outputs: Record<string, pulumi.Input<unknown>> = {
    environment: d.environment,
    target: d.target.kind,
    namespace: kube.namespace,
    secrets: d.needs.map(connectionSecretName),
  };
  if (isLocal(d)) buildLocal(d, kube);
  if (isGcp(d)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildGcp } = require('./gcp') as typeof import('./gcp');
    Object.assign(outputs, buildGcp(d, kube, opts.gcpProviderVersion));
  }
  return outputs;
}

/** The program as an Automation API inline program. */
export function infraProgram(
  d: InfraDescription,
  opts: InfraProgramOptions = {},
): () => Promise<Record<string, unknown>> {
  return async () => buildInfra(d, opts);
}
