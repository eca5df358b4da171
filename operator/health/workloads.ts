/** Deployment, StatefulSet, DaemonSet and ReplicaSet health. */
import type { Health, KubeObject } from '../model';
import { condition, explain, num, str, bool } from './fields';

/** Built-in controllers always report observedGeneration; without it nothing has been observed. */
function notObserved(obj: KubeObject): Health | undefined {
  return num(obj, 'status', 'observedGeneration') === undefined
    ? { status: 'InProgress', message: `waiting for the ${obj.kind} controller to report status` }
    : undefined;
}

export function deploymentHealth(d: KubeObject): Health {
  if (bool(d, 'spec', 'paused')) return { status: 'Suspended', message: 'Deployment is paused' };
  const pending = notObserved(d);
  if (pending) return pending;
  const progressing = condition(d, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      status: 'Failed',
      message: `Deployment exceeded its progress deadline: ${progressing.message ?? ''}`.trim(),
    };
  }
  const replicaFailure = condition(d, 'ReplicaFailure');
  if (replicaFailure?.status === 'True') {
    return { status: 'Failed', message: `cannot create pods: ${explain(replicaFailure)}` };
  }
  const replicas = num(d, 'spec', 'replicas') ?? 1;
  const updated = num(d, 'status', 'updatedReplicas') ?? 0;
  const current = num(d, 'status', 'replicas') ?? 0;
  const available = num(d, 'status', 'availableReplicas') ?? 0;
  if (updated < replicas)
    return { status: 'InProgress', message: `${updated} of ${replicas} replicas are updated` };
  if (current > updated) {
    return { status: 'InProgress', message: `${current - updated} old replicas are pending termination` };
  }
  if (available < updated) {
    return { status: 'InProgress', message: `${available} of ${updated} updated replicas are available` };
  }
  const ready = num(d, 'status', 'readyReplicas') ?? 0;
  if (ready < replicas)
    return { status: 'InProgress', message: `${ready} of ${replicas} replicas are ready` };
  if (progressing?.status === 'False') {
    return { status: 'InProgress', message: `Deployment is not progressing: ${explain(progressing)}` };
  }
  return { status: 'Current', message: `${available} of ${replicas} replicas are available` };
}

export function statefulSetHealth(s: KubeObject): Health {
  const pending = notObserved(s);
  if (pending) return pending;
  const replicas = num(s, 'spec', 'replicas') ?? 1;
  const ready = num(s, 'status', 'readyReplicas') ?? 0;
  if (ready < replicas)
    return { status: 'InProgress', message: `${ready} of ${replicas} replicas are ready` };
  if (str(s, 'spec', 'updateStrategy', 'type') !== 'OnDelete') {
    const partition = num(s, 'spec', 'updateStrategy', 'rollingUpdate', 'partition') ?? 0;
    const updated = num(s, 'status', 'updatedReplicas') ?? 0;
    if (updated < replicas - partition) {
      return { status: 'InProgress', message: `${updated} of ${replicas - partition} replicas are updated` };
    }
    const currentRev = str(s, 'status', 'currentRevision');
    const updateRev = str(s, 'status', 'updateRevision');
    if (partition === 0 && updateRev && currentRev !== updateRev) {
      return { status: 'InProgress', message: `rolling update to revision ${updateRev} in progress` };
    }
  }
  return { status: 'Current', message: `${ready} of ${replicas} replicas are ready` };
}

export function daemonSetHealth(ds: KubeObject): Health {
  const pending = notObserved(ds);
  if (pending) return pending;
  const desired = num(ds, 'status', 'desiredNumberScheduled') ?? 0;
  const updated = num(ds, 'status', 'updatedNumberScheduled') ?? 0;
  const available = num(ds, 'status', 'numberAvailable') ?? 0;
  if (str(ds, 'spec', 'updateStrategy', 'type') !== 'OnDelete' && updated < desired) {
    return { status: 'InProgress', message: `${updated} of ${desired} pods are updated` };
  }
  if (available < desired)
    return { status: 'InProgress', message: `${available} of ${desired} pods are available` };
  return { status: 'Current', message: `${available} of ${desired} pods are available` };
}

export function replicaSetHealth(rs: KubeObject): Health {
  const pending = notObserved(rs);
  if (pending) return pending;
  const failure = condition(rs, 'ReplicaFailure');
  if (failure?.status === 'True')
    return { status: 'Failed', message: `cannot create pods: ${explain(failure)}` };
  const replicas = num(rs, 'spec', 'replicas') ?? 1;
  const available = num(rs, 'status', 'availableReplicas') ?? 0;
  if (available < replicas) {
    return { status: 'InProgress', message: `${available} of ${replicas} replicas are available` };
  }
  return { status: 'Current', message: `${available} of ${replicas} replicas are available` };
}
