/**
 * The cdk8s Chart of one environment. Components find their environment through it, report
 * validation issues to it and record their infra needs on it.
 */
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { Construct, IConstruct } from 'constructs';
import type { Component } from './component';
import type { Environment } from './environment';
import type { InfraNeed } from './infra-need';
import type { Issue } from './issues';

export interface RecordedNeed {
  readonly component: string;
  readonly need: InfraNeed;
}

const CHART = Symbol.for('ferry.EnvironmentChart');

export class EnvironmentChart extends Chart {
  /** The environment chart a construct belongs to. */
  static override of(c: IConstruct): EnvironmentChart {
    for (const s of c.node.scopes.slice().reverse()) {
      if ((s as unknown as Record<symbol, unknown>)[CHART]) return s as EnvironmentChart;
    }
    throw new Error(`${c.node.path} is not inside an EnvironmentChart`);
  }

  readonly issues: Issue[] = [];
  readonly needs: RecordedNeed[] = [];
  /** Components by name (the first of each name). */
  readonly components = new Map<string, Component>();
  /** Every component in creation order: a throw during build is attributed to the one whose constructor it came from. */
  readonly created: Component[] = [];

  constructor(
    scope: Construct,
    readonly env: Environment,
  ) {
    super(scope, env.name, { disableResourceNameHashes: true });
    Object.defineProperty(this, CHART, { value: true });
    new k8s.KubeNamespace(this, 'namespace', {
      metadata: { name: env.destination.namespace },
    });
  }

  get envName(): string {
    return this.env.name;
  }

  get targetNamespace(): string {
    return this.env.destination.namespace;
  }

  report(component: string | undefined, field: string, problem: string): void {
    this.issues.push({ env: this.env.name, component, field, problem });
  }

  /** Records a need; names are checked (DNS label, unique) with the infra description at synth. */
  addNeed(component: string, need: InfraNeed): void {
    this.needs.push({ component, need });
  }
}
