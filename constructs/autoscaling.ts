/** Horizontal autoscaling on CPU, shared by WebService and Worker. */
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';

export interface Autoscaling {
  /** @default 1 */
  readonly minReplicas?: number;
  readonly maxReplicas: number;
  /** Target average CPU utilisation, percent of requests. @default 70 */
  readonly cpuTargetPercent?: number;
}

/** Problems with an autoscaling spec as `[field, problem]` pairs. */
export function autoscalingProblems(a: Autoscaling): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const min = a.minReplicas ?? 1;
  const cpu = a.cpuTargetPercent ?? 70;
  if (!Number.isInteger(min) || min < 1)
    out.push(['autoscaling.minReplicas', `(${min}) must be an integer >= 1`]);
  if (!Number.isInteger(a.maxReplicas) || a.maxReplicas < 1) {
    out.push(['autoscaling.maxReplicas', `(${a.maxReplicas}) must be an integer >= 1`]);
  } else if (a.maxReplicas < min) {
    out.push(['autoscaling.maxReplicas', `(${a.maxReplicas}) must be >= minReplicas (${min})`]);
  }
  if (!Number.isInteger(cpu) || cpu < 1 || cpu > 100) {
    out.push(['autoscaling.cpuTargetPercent', `(${cpu}) must be an integer between 1 and 100`]);
  }
  return out;
}

export function addAutoscaler(
  scope: Construct,
  name: string,
  target: kplus.Deployment,
  a: Autoscaling,
): void {
  new kplus.HorizontalPodAutoscaler(scope, 'hpa', {
    metadata: { name },
    target,
    minReplicas: a.minReplicas ?? 1,
    maxReplicas: a.maxReplicas,
    metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(a.cpuTargetPercent ?? 70))],
  });
}
