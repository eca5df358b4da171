/** Health of any object: common kstatus checks, then the rule for its kind, else the generic rule. */
import { splitApiVersion, type Health, type KubeObject } from '../model';
import { cronJobHealth, jobHealth } from './batch';
import { namespaceHealth, persistentVolumeClaimHealth, serviceHealth } from './core';
import { commonHealth, genericHealth } from './generic';
import { customResourceDefinitionHealth, horizontalPodAutoscalerHealth, ingressHealth } from './networking';
import { podFailure, podHealth } from './pod';
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
 * Health of a pod-owning workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job) given its
 * live pods: while the workload is still InProgress, a pod that can never become ready
 * (CrashLoopBackOff, ImagePullBackOff, unschedulable, ...) makes it Failed now instead of at the
 * sync timeout. Pass only the pods of the current revision (e.g. filtered by pod-template-hash)
 * so crashing pods of a revision being replaced do not fail a rollout that fixes them.
 */
export function healthWithPods(workload: KubeObject | undefined, pods: readonly KubeObject[]): Health {
  const health = objectHealth(workload);
  if (health.status !== 'InProgress') return health;
  for (const pod of pods) {
    const failure = podFailure(pod);
    if (failure) return { status: 'Failed', message: `${health.message}; ${failure}` };
  }
  return health;
}

/** `healthWithPods` for Deployments, the common case. */
export const deploymentHealthWithPods = healthWithPods;
