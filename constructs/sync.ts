/**
 * Typed sync settings, written as the `ferry.dev/*` annotations the operator reads. User code
 * never writes annotation strings.
 */
import type { ApiObjectMetadataDefinition } from 'cdk8s';
import { formatRef, type ObjectRef } from './kube-object';

export type HookPhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail';
export type HookDeletePolicy = 'HookSucceeded' | 'HookFailed' | 'BeforeHookCreation';
export type SyncOption =
  | 'Prune=false'
  | 'Force=true'
  | 'Replace=true'
  | 'PruneLast=true'
  | 'ServerSideApply=true'
  | 'Validate=false';

export interface Hook {
  readonly phases: readonly HookPhase[];
  /** @default ['BeforeHookCreation'] */
  readonly deletePolicies?: readonly HookDeletePolicy[];
}

export interface SyncSettings {
  /** Lower waves apply first. @default 0 (no annotation) */
  readonly wave?: number;
  /** Run this object as a hook instead of a normal resource. */
  readonly hook?: Hook;
  /** Objects that must be healthy before this one is applied. */
  readonly dependsOn?: readonly ObjectRef[];
  readonly options?: readonly SyncOption[];
}

export const ANNOTATIONS = {
  wave: 'ferry.dev/sync-wave',
  hook: 'ferry.dev/hook',
  hookDeletePolicy: 'ferry.dev/hook-delete-policy',
  dependsOn: 'ferry.dev/depends-on',
  syncOptions: 'ferry.dev/sync-options',
} as const;

export const Hooks = {
  /** Before anything else is applied, e.g. a database migration. */
  preSync(...deletePolicies: HookDeletePolicy[]): Hook {
    return { phases: ['PreSync'], deletePolicies: deletePolicies.length ? deletePolicies : undefined };
  },
  /** After every resource is healthy, e.g. a smoke test. */
  postSync(...deletePolicies: HookDeletePolicy[]): Hook {
    return { phases: ['PostSync'], deletePolicies: deletePolicies.length ? deletePolicies : undefined };
  },
  /** When the sync failed. */
  syncFail(...deletePolicies: HookDeletePolicy[]): Hook {
    return { phases: ['SyncFail'], deletePolicies: deletePolicies.length ? deletePolicies : undefined };
  },
};

/** The annotations for a set of sync settings (only the non-default ones). */
export function syncAnnotations(settings: SyncSettings): Record<string, string> {
  const out: Record<string, string> = {};
  if (settings.wave !== undefined) {
    if (!Number.isInteger(settings.wave)) throw new Error(`sync wave (${settings.wave}) must be an integer`);
    out[ANNOTATIONS.wave] = String(settings.wave);
  }
  if (settings.hook) {
    if (settings.hook.phases.length === 0) throw new Error('a hook needs at least one phase');
    out[ANNOTATIONS.hook] = unique(settings.hook.phases).join(',');
    out[ANNOTATIONS.hookDeletePolicy] = unique(settings.hook.deletePolicies ?? ['BeforeHookCreation']).join(
      ',',
    );
  }
  if (settings.dependsOn?.length) {
    out[ANNOTATIONS.dependsOn] = unique(settings.dependsOn.map(formatRef)).join(',');
  }
  if (settings.options?.length) {
    out[ANNOTATIONS.syncOptions] = unique(settings.options).join(',');
  }
  return out;
}

/** Writes sync settings onto a cdk8s API object or cdk8s-plus resource. */
export function applySync(
  obj: { readonly metadata: ApiObjectMetadataDefinition },
  settings: SyncSettings,
): void {
  for (const [k, v] of Object.entries(syncAnnotations(settings))) obj.metadata.addAnnotation(k, v);
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
