/**
 * Runs operator/infra's program against Pulumi's unit-test mocks: no engine, no provider plugin,
 * no cloud. Records every resource the program registers (type, name, inputs, options) and whether
 * each input property arrived as a Pulumi secret.
 */
import * as pulumi from '@pulumi/pulumi';
import { buildInfra } from '../../../operator/infra/program';
import type { InfraDescription } from '../../../operator/model';

export interface MockResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** Input properties that were Pulumi secrets when the program set them. */
  readonly secretInputs: readonly string[];
  readonly protect: boolean;
  readonly additionalSecretOutputs: readonly string[];
}

/** Outputs the real providers would compute, so that interpolations resolve. */
function computedState(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case 'gcp:serviceaccount/account:Account':
      return {
        email: `${inputs.accountId}@${inputs.project}.iam.gserviceaccount.com`,
        name: `projects/${inputs.project}/serviceAccounts/${inputs.accountId}`,
      };
    case 'gcp:sql/databaseInstance:DatabaseInstance':
      return { privateIpAddress: '10.20.0.3' };
    case 'pulumi-nodejs:dynamic/ferry:GeneratedSecret':
      return { value: 'generated-by-mock' };
    default:
      return {};
  }
}

async function secretKeys(props: pulumi.Inputs): Promise<string[]> {
  const keys: string[] = [];
  for (const [k, v] of Object.entries(props ?? {})) {
    if (pulumi.Output.isInstance(v) && (await pulumi.isSecret(v as pulumi.Output<unknown>))) keys.push(k);
  }
  return keys.sort();
}

/** The props with every Output resolved (mocks make them all known). */
function plain(props: pulumi.Inputs): Promise<Record<string, unknown>> {
  return new Promise((resolve) => pulumi.output(props).apply((v) => resolve(v as Record<string, unknown>)));
}

export async function mockStack(d: InfraDescription): Promise<MockResource[]> {
  const registered = new Map<string, MockResource>();
  const pending: Promise<void>[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = args.inputs as Record<string, unknown>;
        return { id: `${args.name}-id`, state: { ...inputs, ...computedState(args.type, inputs) } };
      },
      call: (args) => args.inputs,
    },
    d.project,
    d.stack,
    false,
  );
  const seen: Array<{ type: string; name: string; props: pulumi.Inputs; opts: pulumi.ResourceOptions }> = [];
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((args) => {
      seen.push({ type: args.type, name: args.name, props: args.props, opts: args.opts });
      return undefined;
    });
    return buildInfra(d);
  });
  for (const s of seen) {
    pending.push(
      (async () => {
        const inputs = await plain(s.props);
        const opts = s.opts as pulumi.CustomResourceOptions;
        registered.set(`${s.type}::${s.name}`, {
          type: s.type,
          name: s.name,
          inputs,
          secretInputs: await secretKeys(s.props),
          protect: opts.protect === true,
          additionalSecretOutputs: opts.additionalSecretOutputs ?? [],
        });
      })(),
    );
  }
  await Promise.all(pending);
  return [...registered.values()];
}
