/** Health of any object: common kstatus checks, then the rule for its kind, else the generic rule. */
import { splitApiVersion, type Health, type KubeObject } from '../model';
import { cronJobHealth, jobHealth } from './batch';
import { namespaceHealth, persistentVolumeClaimHealth, serviceHealth } from './core';
import { environmentHealth } from './environment';
import { commonHealth, genericHealth } from './generic';
import { customResourceDefinitionHealth, horizontalPodAutoscalerHealth, ingressHealth } from './networking';
import { podHealth, podProblem, type PodHealthOptions } from './pod';
import { daemonSetHealth, deploymentHealth, replicaSetHealth, statefulSetHealth } from './workloads';

export type HealthRule = (obj: KubeObject) => Health;

/** `group/Kind` → rule. */
export const HEALTH_RULES: ReadonlyMap<string, HealthRule> = new Map<string, HealthRule>([
  ['apps/Deployment', deploymentHealth],
  ['apps/StatefulSet', statefulSetHealth],
  ['apps/DaemonSet', daemonSetHealth],
  ['apps/ReplicaSet', replicaSetHealth],
  ['/Pod', podHealth],
  ['batch/Job', jobHealth],
  ['batch/CronJob', cronJobHealth],
  ['/PersistentVolumeClaim', persistentVolumeClaimHealth],
  ['/Service', serviceHealth],
  ['/Namespace', namespaceHealth],
  ['networking.k8s.io/Ingress', ingressHealth],
  ['autoscaling/HorizontalPodAutoscaler', horizontalPodAutoscalerHealth],
  ['apiextensions.k8s.io/CustomResourceDefinition', customResourceDefinitionHealth],
  ['ferry.dev/Environment', environmentHealth],
]);

/** Health of a live object; `undefined` (not in the cluster) is NotFound. */
export function objectHealth(obj: KubeObject | undefined): Health {
  if (!obj) return { status: 'NotFound', message: 'not found in the cluster' };
  const common = commonHealth(obj);
  if (common) return common;
  const rule = HEALTH_RULES.get(`${splitApiVersion(obj.apiVersion).group}/${obj.kind}`);
  try {
    return rule ? rule(obj) : genericHealth(obj);
  } catch (err) {
    return { status: 'Unknown', message: `cannot compute health: ${(err as Error).message}` };
  }
}

/**
 * Health of a pod-owning workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job) given the
 * pods of its current revision: while the workload is InProgress, a pod that can never become
 * ready (CrashLoopBackOff, or unschedulable past the grace period) makes it Failed now instead of
 * at the sync timeout, and a pod problem that may fix itself (ImagePullBackOff, missing config) is
 * added to the message. Pass only the pods of the current revision so crashing pods of a revision
 * being replaced do not fail a rollout that fixes them.
 */
export function healthWithPods(
  workload: KubeObject | undefined,
  pods: readonly KubeObject[],
  opts?: PodHealthOptions,
): Health {
  const health = objectHealth(workload);
  if (health.status !== 'InProgress') return health;
  const problems = pods.flatMap((p) => podProblem(p, opts) ?? []);
  const fatal = problems.find((p) => p.fatal);
  if (fatal) return { status: 'Failed', message: `${health.message}; ${fatal.message}` };
  if (problems.length > 0) return { ...health, message: `${health.message}; ${problems[0]!.message}` };
  return health;
}
