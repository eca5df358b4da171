/** Ingress, HorizontalPodAutoscaler and CustomResourceDefinition health. */
import type { Health, KubeObject } from '../model';
import { condition, conditions, explain, num } from './fields';
import { loadBalancerAddresses } from './core';

/**
 * An Ingress is Current once it exists, as in kstatus: many controllers never publish an address,
 * and a sync must not wait out its timeout for one. The message says whether one was published.
 */
export function ingressHealth(ing: KubeObject): Health {
  const addresses = loadBalancerAddresses(ing);
  if (addresses.length === 0) {
    return {
      status: 'Current',
      message:
        'no address published yet (status.loadBalancer.ingress is empty; is an ingress controller running?)',
    };
  }
  return { status: 'Current', message: `address ${addresses.join(', ')}` };
}

export function horizontalPodAutoscalerHealth(hpa: KubeObject): Health {
  if (conditions(hpa).length === 0) {
    return { status: 'InProgress', message: 'waiting for the autoscaler to report conditions' };
  }
  // AbleToScale=False is usually stale or transient (the target was just created or replaced),
  // and the HPA is not what serves traffic: wait for it rather than failing the sync at once.
  const ableToScale = condition(hpa, 'AbleToScale');
  if (ableToScale?.status === 'False')
    return { status: 'InProgress', message: `cannot scale yet: ${explain(ableToScale)}` };
  const range = `${num(hpa, 'spec', 'minReplicas') ?? 1}..${num(hpa, 'spec', 'maxReplicas') ?? '?'}`;
  const replicas = `${num(hpa, 'status', 'currentReplicas') ?? 0} replicas (range ${range})`;
  const active = condition(hpa, 'ScalingActive');
  // Missing metrics do not stop the workload from serving; report it without failing the sync.
  if (active?.status === 'False') {
    return { status: 'Current', message: `${replicas}; autoscaling inactive: ${explain(active)}` };
  }
  return { status: 'Current', message: replicas };
}

export function customResourceDefinitionHealth(crd: KubeObject): Health {
  const names = condition(crd, 'NamesAccepted');
  if (names?.status === 'False')
    return { status: 'Failed', message: `names not accepted: ${explain(names)}` };
  const established = condition(crd, 'Established');
  if (established?.status === 'True')
    return { status: 'Current', message: 'CustomResourceDefinition is established' };
  return { status: 'InProgress', message: 'waiting for the CustomResourceDefinition to be established' };
}
