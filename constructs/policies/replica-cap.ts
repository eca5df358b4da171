import type { KubeObject } from '../kube-object';
import type { Policy, PolicyContext } from './policy';

/**
 * No workload runs more than `max` replicas: Deployment replicas and autoscaler bounds are
 * clamped to the cap.
 */
export class ReplicaCap implements Policy {
  readonly name = 'replica-cap';

  constructor(readonly max: number) {}

  apply(obj: KubeObject, _ctx: PolicyContext): void {
    const spec = obj.spec as Record<string, unknown> | undefined;
    if (!spec) return;
    if ((obj.kind === 'Deployment' || obj.kind === 'StatefulSet') && typeof spec.replicas === 'number') {
      spec.replicas = Math.min(spec.replicas, this.max);
    }
    if (obj.kind === 'HorizontalPodAutoscaler') {
      if (typeof spec.maxReplicas === 'number') spec.maxReplicas = Math.min(spec.maxReplicas, this.max);
      if (typeof spec.minReplicas === 'number') spec.minReplicas = Math.min(spec.minReplicas, this.max);
    }
  }
}
