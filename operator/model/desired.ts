import type { HookSpec, SyncOptions } from './annotations';
import type { KubeObject } from './object';
import type { ObjectRef } from './ref';

/** The sync annotations of one object, parsed and defaulted. */
export interface SyncAnnotations {
  /** @default 0 */
  readonly wave: number;
  /** @default { kind: 'none' } */
  readonly hook: HookSpec;
  /** Objects that must be applied and healthy before this one. @default [] */
  readonly dependsOn: readonly ObjectRef[];
  readonly syncOptions: SyncOptions;
}

/** One object the environment wants in the cluster, with where it came from. */
export interface DesiredObject {
  /** Always has a version. The namespace is filled in by `checkKinds` for namespaced kinds. */
  readonly ref: ObjectRef;
  readonly manifest: KubeObject;
  /** Path of the source file relative to the environment folder, e.g. `manifests/x.yaml`. */
  readonly file: string;
  readonly sync: SyncAnnotations;
  /**
   * A hook named by `metadata.generateName` only: each run creates a new object; `ref.name` is the
   * prefix, and earlier runs are found by their tracking id.
   */
  readonly generateName?: true;
}

/** Something to delete, as given to the planner by the inventory layer. */
export interface PruneTarget {
  readonly ref: ObjectRef;
  /** The live object's sync wave (its annotation; 0 when absent or invalid). */
  readonly wave: number;
  readonly syncOptions: SyncOptions;
}
