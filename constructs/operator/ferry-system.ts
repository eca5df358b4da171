/**
 * `ferry-system`: the operator's own install and one `Environment` per environment of the
 * platform, synthesised like any environment into `dist/ferry-system/` — the operator syncs this
 * folder too, so upgrades of itself and new environments arrive by commit ("app of apps").
 *
 * It is derived from the other environments: its RBAC allows writing exactly the kinds that the
 * environments applied in the operator's cluster write. The synth engine therefore synthesises it
 * last and hands it their footprints (`useFootprints`) before `build`.
 */
import { ApiObject } from 'cdk8s';
import { SYSTEM_NAMESPACE } from '../../operator/model/environment-resource';
import { Environment, type Destination, type SyncPolicy } from '../environment';
import type { EnvironmentChart } from '../environment-chart';
import type { KubeObject } from '../kube-object';
import { Sizing } from '../resources';
import { applySync } from '../sync';
import { EnvironmentCrd } from './environment-crd';
import { EnvironmentObject } from './environment-object';
import { footprintOf, mergeFootprints, type Footprint } from './footprint';
import { OperatorRbac, OPERATOR_NAME } from './operator-rbac';
import { OperatorWorkload } from './operator-workload';
import { platformProblems, type OperatorSettings, type PlatformSource } from './platform-source';
import type { DeclaredPlurals } from './resource-names';

export interface FerrySystemProps {
  /** The deploy repository and branch every Environment reads. */
  readonly source: PlatformSource;
  readonly operator: OperatorSettings;
  /** The environments the operator syncs (one Environment object each). */
  readonly environments: readonly Environment[];
  /** The `app.kubernetes.io/part-of` label. @default 'ferry' */
  readonly platform?: string;
  /**
   * Plurals of custom kinds the environments write whose CustomResourceDefinitions are installed
   * outside Ferry, e.g. `{ 'Certificate.cert-manager.io': 'certificates' }`. @default none
   */
  readonly declaredPlurals?: DeclaredPlurals;
}

const BRAND = Symbol.for('ferry.FerrySystem');

export class FerrySystem extends Environment {
  /** True for a FerrySystem (also across copies of this module). */
  static is(env: unknown): env is FerrySystem {
    return !!env && (env as Record<symbol, unknown>)[BRAND] === true;
  }

  readonly name = SYSTEM_NAMESPACE;
  readonly destination: Destination;
  readonly platform: string;
  readonly sizing = Sizing.small();
  /** Automated with prune; no self-heal, so a person can patch the operator during an incident. */
  override readonly syncPolicy: SyncPolicy = {
    automated: true,
    prune: true,
    selfHeal: false,
    allowEmpty: false,
  };
  readonly environments: readonly Environment[];
  private footprints?: ReadonlyMap<string, Footprint>;

  constructor(private readonly props: FerrySystemProps) {
    super();
    Object.defineProperty(this, BRAND, { value: true });
    this.destination = { cluster: props.operator.cluster, namespace: SYSTEM_NAMESPACE };
    this.platform = props.platform ?? 'ferry';
    this.environments = props.environments.filter((e) => !FerrySystem.is(e));
  }

  /** The environments the operator applies in its own cluster: their kinds shape its RBAC. */
  appliedHere(): readonly Environment[] {
    return this.environments.filter((e) => e.destination?.cluster === this.props.operator.cluster);
  }

  /** Called by the synth engine with the footprint of every environment of `appliedHere()`. */
  useFootprints(footprints: ReadonlyMap<string, Footprint>): void {
    this.footprints = footprints;
  }

  build(chart: EnvironmentChart): void {
    const { source, operator } = this.props;
    for (const [field, problem] of platformProblems(source, operator))
      chart.report(undefined, field, problem);
    const missing = this.appliedHere().filter((e) => !this.footprints?.has(e.name));
    if (missing.length) {
      chart.report(
        undefined,
        'environments',
        `the footprints of ${missing.map((e) => e.name).join(', ')} are unknown; synthesise ferry-system through synthEnvironments (ferry synth), which synthesises them first`,
      );
      return;
    }
    // Pruning either would take the operator down with it.
    const namespace = chart.node.tryFindChild('namespace');
    if (namespace instanceof ApiObject) applySync(namespace, { options: ['Prune=false'] });
    new EnvironmentCrd(chart, 'environment-crd');
    new OperatorWorkload(chart, 'operator', {
      name: OPERATOR_NAME,
      image: operator.image,
      replicas: operator.replicas,
    });
    for (const env of [...this.environments, this]) {
      new EnvironmentObject(chart, `environment-${env.name}`, {
        environment: env,
        source,
        operatorCluster: operator.cluster,
      });
    }
    const own = chart.node
      .findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject)
      .map((o) => o.toJson() as KubeObject);
    new OperatorRbac(chart, 'rbac', {
      footprint: mergeFootprints([footprintOf(own), ...(this.footprints?.values() ?? [])]),
      declaredPlurals: this.props.declaredPlurals,
      serviceAccount: OPERATOR_NAME,
    });
  }
}
