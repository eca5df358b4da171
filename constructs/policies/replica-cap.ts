import type { KubeObject } from '../kube-object';
import type { Policy, PolicyContext } from './policy';

/**
 * No workload runs more than `max` replicas: Deployment replicas and autoscaler bounds are
 * clamped to the cap, and each clamp is a note in synth's output.
 */
export class ReplicaCap implements Policy {
  readonly name = 'replica-cap';

  constructor(readonly max: number) {}

  apply(obj: KubeObject, ctx: PolicyContext): void {
    const spec = obj.spec as Record<string, unknown> | undefined;
    if (!spec) return;
    const clamp = (field: string) => {
      const v = spec[field];
      if (typeof v !== 'number' || v <= this.max) return;
      spec[field] = this.max;
      ctx.note(
        `spec.${field}`,
        `${v} → ${this.max} (replica-cap: this environment runs at most ${this.max} replicas)`,
      );
    };
    if (obj.kind === 'Deployment' || obj.kind === 'StatefulSet') clamp('replicas');
    if (obj.kind === 'HorizontalPodAutoscaler') {
      clamp('minReplicas');
      clamp('maxReplicas');
    }
  }
}
