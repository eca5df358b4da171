/**
 * Health of an Environment that another environment applies (ferry-system applies every
 * Environment). Like Argo CD since 1.8 for an Application inside an app of apps, the parent does
 * not inherit its children's health: each Environment reports, alerts and retries on its own, and
 * folding it in would make the parent Degraded whenever any child is (ferry-system would even
 * depend on its own status). The child is healthy once it exists and the operator observed its
 * spec (the generation check runs before this rule); its own state is repeated in the message.
 */
import type { Health, KubeObject } from '../model';
import { str } from './fields';

export function environmentHealth(obj: KubeObject): Health {
  const sync = str(obj, 'status', 'sync') ?? 'not reported';
  const health = str(obj, 'status', 'health') ?? 'not reported';
  return { status: 'Current', message: `applied; reports its own status (sync ${sync}, health ${health})` };
}
