import { containersOf, podSpecOf, type KubeObject } from '../kube-object';
import type { Sizing } from '../resources';
import { tierOf, type Policy, type PolicyContext } from './policy';

/**
 * Fills in requests and limits from the environment's sizing profile for every container that
 * did not pin its own, so dev runs small and production large from the same component code.
 */
export class ResourceProfile implements Policy {
  readonly name = 'resource-profile';

  constructor(private readonly sizing: Sizing) {}

  apply(obj: KubeObject, ctx: PolicyContext): void {
    const pod = podSpecOf(obj);
    const tier = ctx.component && tierOf(ctx.component.kind);
    if (!pod || !tier) return;
    const profile = this.sizing.resources(tier).toJson();
    for (const c of containersOf(pod)) {
      const r = (c.resources ??= {});
      if (!r.requests || Object.keys(r.requests).length === 0) r.requests = { ...profile.requests };
      if (!r.limits || Object.keys(r.limits).length === 0) r.limits = { ...profile.limits };
    }
  }
}
