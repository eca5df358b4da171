/**
 * The program of the top-level Pulumi.yaml: the infra stack of the environment named by the stack
 * (`pulumi preview --stack staging`). It builds the environment's infra description exactly as synth
 * writes it to `dist/<env>/infra/stack.json` and hands it to the operator's program, so the CLI,
 * `ferry infra` and the operator build the same resources.
 *
 * FERRY_PULUMI_KUBERNETES_VERSION (exported by tools/paths.sh and tools/pulumi.sh) pins the
 * kubernetes provider plugin built by tools/; unset, the @pulumi/kubernetes SDK's own version is used.
 */
import * as pulumi from '@pulumi/pulumi';
import { infraDescriptionOf } from '../constructs/synth';
import { buildInfra } from '../operator/infra/program';
import { allEnvironments } from './index';

function outputs(): Record<string, pulumi.Input<unknown>> {
  const stack = pulumi.getStack();
  const environments = allEnvironments();
  const env = environments.find((e) => e.infraStack() === stack);
  if (!env) {
    const known = environments.map((e) => e.infraStack()).join(', ');
    throw new Error(
      `stack "${stack}" is not the infra stack of any environment (known: ${known}); see environments/index.ts`,
    );
  }
  const description = infraDescriptionOf(env);
  if (description.project !== pulumi.getProject()) {
    throw new Error(
      `environment ${env.name} belongs to the Pulumi project "${description.project}", but Pulumi.yaml is "${pulumi.getProject()}": make them equal`,
    );
  }
  return buildInfra(description, {
    kubernetesProviderVersion: process.env.FERRY_PULUMI_KUBERNETES_VERSION || undefined,
  });
}

export = outputs();
