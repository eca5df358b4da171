import { podMetadataOf, podSpecOf, type KubeObject } from '../kube-object';
import type { Policy, PolicyContext } from './policy';

const PLUS_ADDRESS_LABEL = 'cdk8s.io/metadata.addr';

/**
 * The standard labels on every object and pod template: name, part-of, managed-by, environment
 * and team. The version label (the image tag) sits only where it carries meaning — workloads and
 * their pod templates — so an image bump changes only what runs the new version. Selectors are
 * left alone (they must not change between versions).
 */
export class StandardLabels implements Policy {
  readonly name = 'standard-labels';

  apply(obj: KubeObject, ctx: PolicyContext): void {
    const labels: Record<string, string> = {
      'app.kubernetes.io/part-of': ctx.env.platform,
      'app.kubernetes.io/managed-by': 'ferry',
      'ferry.dev/env': ctx.env.name,
      'ferry.dev/team': ctx.component?.team ?? ctx.env.defaultTeam,
    };
    if (ctx.component) labels['app.kubernetes.io/name'] = ctx.component.name;
    if (ctx.component?.version && podSpecOf(obj)) labels['app.kubernetes.io/version'] = ctx.component.version;
    obj.metadata.labels = { ...obj.metadata.labels, ...labels };
    const pod = podMetadataOf(obj);
    if (pod) {
      // cdk8s-plus's own addressing label; Ferry selects pods by app.kubernetes.io/name instead.
      const { [PLUS_ADDRESS_LABEL]: _unused, ...rest } = pod.labels ?? {};
      pod.labels = { ...rest, ...labels };
    }
  }
}
