/**
 * environment.json, the header of a deploy folder (`dist/<env>/`). See the deploy format in the
 * README. `schemaVersion` guards the operator against folders written by a newer synth.
 * Version 2 moved the infra needs into the infra description (`infra.file`, see ./infra.ts);
 * version 1 folders are still read (their infra has no description, so no infra step runs).
 */
export const ENVIRONMENT_SCHEMA_VERSION = 2;
/** Versions this operator reads. */
export const ENVIRONMENT_SCHEMA_VERSIONS: readonly number[] = [1, 2];

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

export interface EnvironmentInfra {
  /** Pulumi stack of the environment. */
  readonly stack: string;
  /** `local` or `gcp` (schema 2). */
  readonly target?: string;
  /** The infra description, relative to the folder: `infra/stack.json` (schema 2). */
  readonly file?: string;
}

export interface EnvironmentSpec {
  /** The version the folder was written with (1 or 2). */
  readonly schemaVersion: number;
  readonly name: string;
  readonly sourceCommit: string | null;
  readonly destination: EnvironmentDestination;
  readonly syncPolicy: EnvironmentSyncPolicy;
  /** Absent when the environment has no infrastructure. */
  readonly infra?: EnvironmentInfra;
  /** Manifest files, relative to the folder, sorted: `manifests/<file>.yaml`. */
  readonly manifests: readonly string[];
}
