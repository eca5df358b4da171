/** Pod health, and the pod failures that mean a workload will never become healthy. */
import { formatRef, type Health, type KubeObject } from '../model';
import { condition, explain, get, list, num, str } from './fields';

/**
 * Container waiting reasons that do not fix themselves: the workload fails fast instead of
 * waiting out the sync timeout.
 */
export const FATAL_WAITING_REASONS: readonly string[] = [
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
];

function podName(pod: KubeObject): string {
  return formatRef({
    group: '',
    kind: 'Pod',
    namespace: pod.metadata.namespace,
    name: pod.metadata.name ?? '?',
  });
}

function lastTermination(status: unknown): string {
  const t = get(status, 'lastState', 'terminated');
  if (!t) return '';
  const reason = str(t, 'reason');
  const code = num(t, 'exitCode');
  return ` (last termination: ${[reason, code !== undefined ? `exit code ${code}` : undefined].filter(Boolean).join(', ')})`;
}

/**
 * Why a pod can never become ready, or undefined. Covers unschedulable pods (PodScheduled=False,
 * reason Unschedulable, e.g. "Insufficient cpu") and containers stuck in a fatal waiting state.
 */
export function podFailure(pod: KubeObject): string | undefined {
  if (pod.metadata.deletionTimestamp) return undefined;
  const scheduled = condition(pod, 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return `${podName(pod)} cannot be scheduled: ${scheduled.message ?? 'Unschedulable'}`;
  }
  const statuses = [
    ...list(pod, 'status', 'initContainerStatuses'),
    ...list(pod, 'status', 'containerStatuses'),
  ];
  for (const s of statuses) {
    const reason = str(s, 'state', 'waiting', 'reason');
    if (reason && FATAL_WAITING_REASONS.includes(reason)) {
      const message = str(s, 'state', 'waiting', 'message');
      return (
        `${podName(pod)} container ${str(s, 'name') ?? '?'}: ${reason}` +
        `${message ? `: ${message}` : ''}${lastTermination(s)}`
      );
    }
  }
  return undefined;
}

export function podHealth(pod: KubeObject): Health {
  const failure = podFailure(pod);
  if (failure) return { status: 'Failed', message: failure };
  const phase = str(pod, 'status', 'phase');
  const restartPolicy = str(pod, 'spec', 'restartPolicy') ?? 'Always';
  switch (phase) {
    case 'Succeeded':
      return { status: 'Current', message: 'pod completed' };
    case 'Failed': {
      const terminated = list(pod, 'status', 'containerStatuses')
        .map((s) => ({ name: str(s, 'name'), t: get(s, 'state', 'terminated') }))
        .find((x) => x.t !== undefined && num(x.t, 'exitCode') !== 0);
      const detail = terminated
        ? `container ${terminated.name ?? '?'} exited with code ${num(terminated.t, 'exitCode') ?? '?'}` +
          `${str(terminated.t, 'reason') ? ` (${str(terminated.t, 'reason')})` : ''}`
        : explain({ reason: str(pod, 'status', 'reason'), message: str(pod, 'status', 'message') });
      return { status: 'Failed', message: `pod failed: ${detail}` };
    }
    case 'Running': {
      if (restartPolicy !== 'Always') return { status: 'InProgress', message: 'pod is running' };
      const ready = condition(pod, 'Ready');
      return ready?.status === 'True'
        ? { status: 'Current', message: 'pod is running and ready' }
        : { status: 'InProgress', message: `pod is running but not ready: ${explain(ready)}` };
    }
    case 'Pending': {
      const waiting = list(pod, 'status', 'containerStatuses')
        .map((s) => str(s, 'state', 'waiting', 'reason'))
        .find((r) => r !== undefined);
      return { status: 'InProgress', message: `pod is pending${waiting ? `: ${waiting}` : ''}` };
    }
    case undefined:
      return { status: 'InProgress', message: 'waiting for the pod to be scheduled' };
    default:
      return { status: 'Unknown', message: `pod phase is ${phase}` };
  }
}
