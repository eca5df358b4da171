/**
 * The base of every environment: where it deploys, how it is sized, which policies and sync
 * policy apply, and which components it runs (`build`). Environments are plain classes, so they
 * inherit (`class Production extends Staging`) and can be instantiated per branch.
 */
import { InfraTarget } from './infra-target';
import type { DeletionPolicy } from '../operator/model/environment-resource';
import type { Policy } from './policies/policy';
import { ReplicaCap } from './policies/replica-cap';
import { ResourceProfile } from './policies/resource-profile';
import { SecurityBaseline } from './policies/security-baseline';
import { StandardLabels } from './policies/standard-labels';
import type { CheckName } from './relax';
import type { Sizing } from './resources';
import type { EnvironmentChart } from './environment-chart';

export interface Destination {
  /** Cluster name as the operator knows it. */
  readonly cluster: string;
  readonly namespace: string;
}

export interface SyncPolicy {
  readonly automated: boolean;
  readonly prune: boolean;
  readonly selfHeal: boolean;
  readonly allowEmpty: boolean;
}

/** A duration in one unit, as the operator reads it: `30s`, `1m`, `90m`, `1.5h`, `250ms`. */
export type Duration = `${number}${'ms' | 's' | 'm' | 'h'}`;

/** A synth-time check an environment switches off for all its components (see `CheckName`). */
export type Relaxation = CheckName;

export const DEFAULT_SYNC_POLICY: SyncPolicy = {
  automated: true,
  prune: true,
  selfHeal: true,
  allowEmpty: false,
};

export abstract class Environment {
  /** DNS label; the folder name under dist/. */
  abstract readonly name: string;
  abstract readonly destination: Destination;
  /** Platform name, the `app.kubernetes.io/part-of` label. */
  abstract readonly platform: string;
  /** Default resources per tier and the replica cap. */
  abstract readonly sizing: Sizing;
  /** @default automated, prune, selfHeal, no allowEmpty */
  readonly syncPolicy: SyncPolicy = DEFAULT_SYNC_POLICY;
  /**
   * How often the operator checks the deploy branch and repairs drift (its Environment's
   * `spec.interval`). @default '1m'
   */
  readonly interval: Duration = '1m';
  /**
   * What the operator does with the environment's objects when the environment is removed from
   * the platform: `Orphan` leaves them running, `Delete` prunes them, namespace last.
   * @default 'Orphan'
   */
  readonly deletionPolicy: DeletionPolicy = 'Orphan';
  /** Synth-time checks this environment switches off. @default none */
  readonly relaxations: readonly Relaxation[] = [];
  /** Team owning objects whose component names none. @default 'platform' */
  readonly defaultTeam: string = 'platform';

  /** Pulumi stack realising the infra needs (`<env>/infra/stack.json`). @default the environment name */
  infraStack(): string {
    return this.name;
  }

  /** Pulumi project of the stacks; the top-level Pulumi.yaml has this name. @default the platform */
  infraProject(): string {
    return this.platform;
  }

  /** Where the infra needs are realised. @default `InfraTarget.local()` (in-cluster servers) */
  infraTarget(): InfraTarget {
    return InfraTarget.local();
  }

  /**
   * Cross-cutting policies, applied in order to every synthesised object.
   * @default standard labels, security baseline, resource profile, replica cap
   */
  policies(): Policy[] {
    return [
      new StandardLabels(),
      new SecurityBaseline(),
      new ResourceProfile(this.sizing),
      new ReplicaCap(this.sizing.maxReplicas),
    ];
  }

  /** Create this environment's components in `chart`. */
  abstract build(chart: EnvironmentChart): void;
}
