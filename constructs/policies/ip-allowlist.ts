import type { KubeObject } from '../kube-object';
import { isCidr } from '../web-service';
import type { Policy, PolicyContext } from './policy';

interface IngressRule {
  from?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/**
 * Adds source CIDRs (e.g. office and partner ranges) to every NetworkPolicy ingress rule, so the
 * allowlist is defined once per environment instead of per component.
 */
export class IpAllowlist implements Policy {
  readonly name = 'ip-allowlist';

  constructor(readonly cidrs: readonly string[]) {}

  apply(obj: KubeObject, ctx: PolicyContext): void {
    if (obj.kind !== 'NetworkPolicy') return;
    const bad = this.cidrs.filter((c) => !isCidr(c));
    for (const c of bad) ctx.report('ipAllowlist', `"${c}" is not an IPv4 CIDR`);
    if (bad.length) return;
    const spec = obj.spec as { ingress?: IngressRule[] } | undefined;
    for (const rule of spec?.ingress ?? []) {
      const from = (rule.from ??= []);
      for (const cidr of this.cidrs) {
        if (!from.some((p) => (p.ipBlock as { cidr?: string } | undefined)?.cidr === cidr))
          from.push({ ipBlock: { cidr } });
      }
    }
  }
}
