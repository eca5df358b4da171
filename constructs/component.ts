/**
 * The base of every workload component: a name (unique in its environment), an owning team,
 * infra needs, and the link to its environment for validation.
 */
import { Construct, type IConstruct } from 'constructs';
import { EnvironmentChart } from './environment-chart';
import type { InfraNeed } from './infra-need';
import { relaxProblems, type CheckName, type Relax } from './relax';
import { Resources, type ResourceRequirements } from './resources';

export type ComponentKind =
  'WebService' | 'Worker' | 'CronTask' | 'MigrationJob' | 'SmokeTest' | 'ConfigBundle';

export interface ComponentProps {
  /** Owning team, the `ferry.dev/team` label. @default the environment's defaultTeam */
  readonly team?: string;
  /** Infrastructure this component needs (recorded in environment.json). @default none */
  readonly needs?: readonly InfraNeed[];
  /**
   * Synth-time checks switched off for this component (and the components it creates), each
   * with a reason: `[{ check: 'plaintext-secret', reason: 'public sandbox key from the vendor docs' }]`.
   * @default none
   */
  readonly relax?: readonly Relax[];
}

const COMPONENT = Symbol.for('ferry.Component');
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export abstract class Component extends Construct {
  /** The nearest component enclosing a construct (itself included), if any. */
  static of(c: IConstruct): Component | undefined {
    const scopes = c.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      if ((scopes[i] as unknown as Record<symbol, unknown>)[COMPONENT]) return scopes[i] as Component;
    }
    return undefined;
  }

  abstract readonly kind: ComponentKind;
  readonly team: string;
  protected readonly env: EnvironmentChart;

  /** Resources the component pins for its containers (else the environment's sizing profile applies). */
  readonly pinnedResources?: Resources;
  /** Checks relaxed for this component (with their reasons), its own and its enclosing components'. */
  readonly relaxed: ReadonlyMap<CheckName, string>;

  constructor(
    scope: Construct,
    readonly name: string,
    props: ComponentProps,
  ) {
    // A second component of one name gets a construct id of its own, so the clash is reported
    // (naming the component) instead of thrown by the construct tree.
    const env = EnvironmentChart.of(scope);
    const previous = env.components.get(name);
    super(scope, previous ? `${name}~${env.components.size}` : name);
    Object.defineProperty(this, COMPONENT, { value: true });
    this.env = env;
    env.created.push(this);
    if (previous)
      this.report('name', `"${name}" is already the name of a ${previous.kind} in this environment`);
    else env.components.set(name, this);
    this.team = props.team ?? this.env.env.defaultTeam;
    if (typeof name !== 'string' || !DNS_LABEL.test(name))
      this.report('name', `"${name}" must be a DNS label (lowercase letters, digits, -)`);
    if (!DNS_LABEL.test(this.team)) this.report('team', `"${this.team}" must be a DNS label`);
    for (const need of props.needs ?? []) this.env.addNeed(name, need);
    this.reportAll(relaxProblems(props.relax ?? []));
    const pinned = (props as { resources?: Resources | ResourceRequirements }).resources;
    this.pinnedResources = pinned === undefined ? undefined : Resources.from(pinned);
    const outer = Component.of(scope);
    this.relaxed = new Map([
      ...(outer?.relaxed ?? []),
      ...(props.relax ?? []).map((r) => [r.check, r.reason] as const),
    ]);
  }

  /** The image tag, the `app.kubernetes.io/version` label; undefined for non-workloads. */
  get version(): string | undefined {
    return undefined;
  }

  /** Labels selecting this component's pods. */
  get selectorLabels(): Record<string, string> {
    return { 'app.kubernetes.io/name': this.name };
  }

  protected report(field: string, problem: string): void {
    this.env.report(this.name, field, problem);
  }

  protected reportAll(problems: ReadonlyArray<readonly [string, string]>): void {
    for (const [f, p] of problems) this.report(f, p);
  }
}
