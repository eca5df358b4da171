/**
 * The kstatus rules every kind goes through, and the fallback for kinds without their own rule.
 */
import type { Health, KubeObject } from '../model';
import { condition, explain, num } from './fields';

/** Deletion and generation checks, applied before any kind-specific rule. */
export function commonHealth(obj: KubeObject): Health | undefined {
  if (obj.metadata.deletionTimestamp) {
    return { status: 'Terminating', message: `being deleted since ${obj.metadata.deletionTimestamp}` };
  }
  const generation = obj.metadata.generation;
  const observed = num(obj, 'status', 'observedGeneration');
  if (generation !== undefined && observed !== undefined && observed < generation) {
    return {
      status: 'InProgress',
      message: `waiting for the controller to observe generation ${generation} (observed ${observed})`,
    };
  }
  return undefined;
}

/** Condition-based health for any kind: Stalled → Failed, Reconciling → InProgress, Ready. */
export function genericHealth(obj: KubeObject): Health {
  const stalled = condition(obj, 'Stalled');
  if (stalled?.status === 'True') return { status: 'Failed', message: `stalled: ${explain(stalled)}` };
  const reconciling = condition(obj, 'Reconciling');
  if (reconciling?.status === 'True') {
    return { status: 'InProgress', message: `reconciling: ${explain(reconciling)}` };
  }
  const ready = condition(obj, 'Ready');
  if (ready?.status === 'False') return { status: 'InProgress', message: `not ready: ${explain(ready)}` };
  if (ready?.status === 'True') return { status: 'Current', message: 'ready' };
  return { status: 'Current', message: 'applied (no status conditions to check)' };
}
