/** PersistentVolumeClaim, Service and Namespace health. */
import type { Health, KubeObject } from '../model';
import { list, str } from './fields';

export function persistentVolumeClaimHealth(pvc: KubeObject): Health {
  const phase = str(pvc, 'status', 'phase');
  switch (phase) {
    case 'Bound':
      return { status: 'Current', message: `bound to volume ${str(pvc, 'spec', 'volumeName') ?? '?'}` };
    case 'Lost':
      return { status: 'Failed', message: 'the bound volume was lost: restore or recreate the volume' };
    case 'Pending':
    case undefined:
      return {
        status: 'InProgress',
        message: `waiting for a volume (storage class ${str(pvc, 'spec', 'storageClassName') ?? 'default'})`,
      };
    default:
      return { status: 'Unknown', message: `PersistentVolumeClaim phase is ${phase}` };
  }
}

/** Addresses published in status.loadBalancer.ingress (Service and Ingress share the shape). */
export function loadBalancerAddresses(obj: KubeObject): string[] {
  return list(obj, 'status', 'loadBalancer', 'ingress')
    .map((i) => str(i, 'ip') ?? str(i, 'hostname'))
    .filter((a): a is string => a !== undefined);
}

export function serviceHealth(svc: KubeObject): Health {
  const type = str(svc, 'spec', 'type') ?? 'ClusterIP';
  if (type !== 'LoadBalancer') return { status: 'Current', message: `${type} service` };
  const addresses = loadBalancerAddresses(svc);
  if (addresses.length === 0) {
    return {
      status: 'InProgress',
      message: 'waiting for a load balancer address (status.loadBalancer.ingress)',
    };
  }
  return { status: 'Current', message: `load balancer at ${addresses.join(', ')}` };
}

export function namespaceHealth(ns: KubeObject): Health {
  const phase = str(ns, 'status', 'phase');
  if (phase === 'Active') return { status: 'Current', message: 'Namespace is active' };
  if (phase === 'Terminating') return { status: 'Terminating', message: 'Namespace is terminating' };
  return { status: 'InProgress', message: 'waiting for the Namespace to become active' };
}
