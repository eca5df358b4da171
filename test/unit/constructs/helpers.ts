import { parse } from 'yaml';
import {
  Environment,
  Sizing,
  type EnvironmentChart,
  type KubeObject,
  type Policy,
  type Relaxation,
} from '../../../constructs';
import { synthEnvironment, type EnvironmentOutput } from '../../../constructs/synth';

export interface TestEnvOptions {
  readonly name?: string;
  readonly sizing?: Sizing;
  readonly relaxations?: readonly Relaxation[];
  readonly policies?: (base: Policy[]) => Policy[];
}

/** A one-off environment whose build() is the given function. */
export class TestEnv extends Environment {
  readonly name: string;
  readonly destination: { cluster: string; namespace: string };
  readonly platform = 'test';
  readonly sizing: Sizing;
  override readonly relaxations: readonly Relaxation[];

  constructor(
    private readonly fn: (chart: EnvironmentChart) => void,
    private readonly opts: TestEnvOptions = {},
  ) {
    super();
    this.name = opts.name ?? 'test';
    this.destination = { cluster: 'local', namespace: `ns-${this.name}` };
    this.sizing = opts.sizing ?? Sizing.small();
    this.relaxations = opts.relaxations ?? [];
  }

  override policies(): Policy[] {
    return this.opts.policies ? this.opts.policies(super.policies()) : super.policies();
  }

  build(chart: EnvironmentChart): void {
    this.fn(chart);
  }
}

/** The parsed objects of an environment's output (throws on issues). */
export function objectsOf(out: EnvironmentOutput): KubeObject[] {
  if (out.issues.length) throw new Error(`unexpected issues: ${JSON.stringify(out.issues)}`);
  return out.files.filter(([p]) => p.startsWith('manifests/')).map(([, c]) => parse(c) as KubeObject);
}

export function synth(fn: (chart: EnvironmentChart) => void, opts?: TestEnvOptions): KubeObject[] {
  return objectsOf(synthEnvironment(new TestEnv(fn, opts), null));
}

export function issuesOf(fn: (chart: EnvironmentChart) => void, opts?: TestEnvOptions): string[] {
  const out = synthEnvironment(new TestEnv(fn, opts), null);
  return out.issues.map(
    (i) => `[${i.component ? `${i.env}/${i.component}` : i.env}] ${i.field}: ${i.problem}`,
  );
}

export function find(objs: readonly KubeObject[], kind: string, name: string): KubeObject {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o)
    throw new Error(
      `${kind}/${name} not found among ${objs.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`,
    );
  return o;
}

/** Loose access into a parsed object, for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;
export const loose = (o: unknown): Loose => o;
