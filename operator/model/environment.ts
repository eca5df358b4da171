/**
 * environment.json, the header of a deploy folder (`dist/<env>/`). See the deploy format in the
 * README. `schemaVersion` guards the operator against folders written by a newer synth.
 */
export const ENVIRONMENT_SCHEMA_VERSION = 1;

export interface EnvironmentDestination {
  readonly cluster: string;
  /** The default namespace of namespaced objects that do not name one. */
  readonly namespace: string;
}

export interface EnvironmentSyncPolicy {
  readonly automated: boolean;
  readonly prune: boolean;
  readonly selfHeal: boolean;
  /** Allow a sync whose desired set is empty to prune everything the environment owns. */
  readonly allowEmpty: boolean;
}

export interface EnvironmentInfraNeed {
  readonly component: string;
  readonly kind: string;
  readonly name: string;
  readonly [field: string]: unknown;
}

export interface EnvironmentInfra {
  readonly stack: string;
  readonly needs: readonly EnvironmentInfraNeed[];
}

export interface EnvironmentSpec {
  readonly schemaVersion: typeof ENVIRONMENT_SCHEMA_VERSION;
  readonly name: string;
  readonly sourceCommit: string | null;
  readonly destination: EnvironmentDestination;
  readonly syncPolicy: EnvironmentSyncPolicy;
  /** Absent when the environment has no infrastructure. */
  readonly infra?: EnvironmentInfra;
  /** Manifest files, relative to the folder, sorted: `manifests/<file>.yaml`. */
  readonly manifests: readonly string[];
}
