/**
 * cdk8s-plus writes some fields at the value Kubernetes would default them to anyway
 * (`hostNetwork: false`, `externalIPs: []`, `dnsPolicy: ClusterFirst`…). They add nothing to a
 * review, so synth drops them — only when they hold exactly the default, so nothing a component
 * chose is lost and the output stays deterministic.
 */
import { isDeepStrictEqual } from 'node:util';
import { podSpecOf, type KubeObject } from '../kube-object';

type Defaults = Readonly<Record<string, unknown>>;

const POD_SPEC: Defaults = {
  hostNetwork: false,
  setHostnameAsFQDN: false,
  dnsPolicy: 'ClusterFirst',
  terminationGracePeriodSeconds: 30,
  restartPolicy: 'Always',
};
const POD_SECURITY_CONTEXT: Defaults = { fsGroupChangePolicy: 'Always' };
const SPEC: Readonly<Record<string, Defaults>> = {
  Deployment: {
    minReadySeconds: 0,
    progressDeadlineSeconds: 600,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
  },
  Service: { externalIPs: [] },
  CronJob: { suspend: false },
};

function trim(o: Record<string, unknown> | undefined, defaults: Defaults): void {
  if (!o) return;
  for (const [k, v] of Object.entries(defaults)) if (k in o && isDeepStrictEqual(o[k], v)) delete o[k];
}

export function trimDefaults(obj: KubeObject): void {
  trim(obj.spec as Record<string, unknown> | undefined, SPEC[obj.kind] ?? {});
  const pod = podSpecOf(obj);
  if (!pod) return;
  trim(pod, POD_SPEC);
  trim(pod.securityContext, POD_SECURITY_CONTEXT);
}
