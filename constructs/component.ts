/**
 * The base of every workload component: a name (unique in its environment), an owning team,
 * infra needs, and the link to its environment for validation.
 */
import { Construct, type IConstruct } from 'constructs';
import { EnvironmentChart } from './environment-chart';
import type { InfraNeed } from './infra-need';

export type ComponentKind =
  'WebService' | 'Worker' | 'CronTask' | 'MigrationJob' | 'SmokeTest' | 'ConfigBundle';

export interface ComponentProps {
  /** Owning team, the `ferry.dev/team` label. @default the environment's defaultTeam */
  readonly team?: string;
  /** Infrastructure this component needs (recorded in environment.json). @default none */
  readonly needs?: readonly InfraNeed[];
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

  constructor(
    scope: Construct,
    readonly name: string,
    props: ComponentProps,
  ) {
    super(scope, name);
    Object.defineProperty(this, COMPONENT, { value: true });
    this.env = EnvironmentChart.of(this);
    this.team = props.team ?? this.env.env.defaultTeam;
    if (!DNS_LABEL.test(name))
      this.report('name', `"${name}" must be a DNS label (lowercase letters, digits, -)`);
    if (!DNS_LABEL.test(this.team)) this.report('team', `"${this.team}" must be a DNS label`);
    for (const need of props.needs ?? []) this.env.addNeed(name, need);
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
}
