/**
 * A credential generated once and kept in the stack's state as a Pulumi secret (encrypted with the
 * stack's passphrase or KMS key). Later runs reuse it; it changes only when the resource is
 * replaced. A dynamic provider, because the provider plugin of `@pulumi/random` cannot be built
 * here (tools/README.md, "Known failures"); its state is checkpointed as soon as it is created,
 * so an update killed midway never loses a password that a server was already given.
 */
import * as pulumi from '@pulumi/pulumi';

interface Inputs {
  /** Characters, from an alphabet of 62 (URL-safe without escaping). */
  readonly length: number;
}

interface Outputs extends Inputs {
  readonly value: string;
}

/** Self-contained: Pulumi serialises these functions into the state and runs them in its provider. */
const provider: pulumi.dynamic.ResourceProvider<Inputs, Outputs> = {
  async create(inputs: Inputs) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { randomInt, randomUUID } = require('node:crypto') as typeof import('node:crypto');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let value = '';
    for (let i = 0; i < inputs.length; i++) value += alphabet[randomInt(alphabet.length)];
    return { id: randomUUID(), outs: { length: inputs.length, value } };
  },
  async diff(_id: string, olds: Outputs, news: Inputs) {
    const changed = olds.length !== news.length;
    return { changes: changed, replaces: changed ? ['length'] : [], deleteBeforeReplace: false };
  },
};

export class GeneratedSecret extends pulumi.dynamic.Resource {
  /** The generated value as the provider returns it (made secret by the engine). */
  declare readonly value: pulumi.Output<string>;
  /** The value, marked secret in the program too: use this one. */
  readonly secret: pulumi.Output<string>;

  constructor(name: string, args: { length?: number }, opts: pulumi.CustomResourceOptions = {}) {
    super(
      provider,
      name,
      { length: args.length ?? 32, value: undefined },
      { ...opts, additionalSecretOutputs: ['value'] },
      'ferry',
      'GeneratedSecret',
    );
    this.secret = pulumi.secret(this.value);
  }
}
