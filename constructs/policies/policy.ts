/**
 * Cross-cutting policies: typed, post-construction passes over every synthesised object of an
 * environment (what a Kustomize `common-patches` folder does, with types). They run in the order
 * the environment lists them, after construction and before the synth-time checks.
 */
import type { ComponentKind } from '../component';
import type { Environment } from '../environment';
import type { KubeObject } from '../kube-object';
import type { CheckName } from '../relax';
import type { Resources, WorkloadTier } from '../resources';

export interface ComponentInfo {
  readonly name: string;
  readonly kind: ComponentKind;
  readonly team: string;
  /** Image tag, when the component runs one. */
  readonly version?: string;
  /** Resources the component pinned for its containers. */
  readonly resources?: Resources;
  /** Checks relaxed for this component, with their reasons. */
  readonly relaxed: ReadonlyMap<CheckName, string>;
}

export interface PolicyContext {
  readonly env: Environment;
  /** The component that created the object; undefined for environment-level objects (Namespace). */
  readonly component?: ComponentInfo;
  /** Record a problem with this object; synth fails for the environment. */
  report(field: string, problem: string): void;
  /** Say that the policy changed a value the component set (printed by synth, never silent). */
  note(field: string, message: string): void;
}

export interface Policy {
  readonly name: string;
  apply(obj: KubeObject, ctx: PolicyContext): void;
}

export function tierOf(kind: ComponentKind): WorkloadTier | undefined {
  switch (kind) {
    case 'WebService':
      return 'web';
    case 'Worker':
      return 'worker';
    case 'CronTask':
    case 'MigrationJob':
    case 'SmokeTest':
      return 'job';
    case 'ConfigBundle':
      return undefined;
  }
}
