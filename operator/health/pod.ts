/** Pod health, and the pod failures that mean a workload will never become healthy. */
import { formatRef, type Health, type KubeObject } from '../model';
import { condition, explain, get, list, num, str } from './fields';

/**
 * Container waiting reasons that do not fix themselves: the workload fails fast instead of
 * waiting out the sync timeout. A crash loop repeats until the image or config changes.
 */
export const FATAL_WAITING_REASONS: readonly string[] = [
  'CrashLoopBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
];

/**
 * Waiting reasons that often fix themselves (a registry hiccup, an image still being pushed, a
 * ConfigMap or Secret created a moment later by another sync): reported while the wave waits,
 * failing only at the wave's timeout — as kstatus treats them.
 */
export const TRANSIENT_WAITING_REASONS: readonly string[] = [
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
  'CreateContainerError',
];

/** When a pod's problems become failures. */
export interface PodHealthOptions {
  /** The current time (ms since the epoch). */
  readonly now: number;
  /**
   * How long a pod may stay unschedulable before its workload fails: a cluster autoscaler needs
   * minutes to add a node. @default 120000 (2 minutes)
   */
  readonly unschedulableGraceMs?: number;
}

export const DEFAULT_UNSCHEDULABLE_GRACE_MS = 120_000;

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

/** A pod problem: fatal ones fail the workload now, the others are reported while it waits. */
export interface PodProblem {
  readonly fatal: boolean;
  readonly message: string;
}

function unschedulableSince(pod: KubeObject): number | undefined {
  const c = list(pod, 'status', 'conditions').find(
    (x) => str(x, 'type') === 'PodScheduled' && str(x, 'status') === 'False',
  );
  if (!c || str(c, 'reason') !== 'Unschedulable') return undefined;
  const t = Date.parse(str(c, 'lastTransitionTime') ?? '');
  return Number.isFinite(t) ? t : 0;
}

/**
 * What keeps a pod from becoming ready, if anything. Unschedulable pods (PodScheduled=False,
 * reason Unschedulable) become fatal only after the grace period, and only when `opts` gives the
 * time; crash loops and invalid image names are fatal at once; image pull and container config
 * errors are reported but not fatal.
 */
export function podProblem(pod: KubeObject, opts?: PodHealthOptions): PodProblem | undefined {
  if (pod.metadata.deletionTimestamp) return undefined;
  const since = unschedulableSince(pod);
  if (since !== undefined) {
    const scheduled = condition(pod, 'PodScheduled');
    const grace = opts?.unschedulableGraceMs ?? DEFAULT_UNSCHEDULABLE_GRACE_MS;
    const fatal = opts !== undefined && opts.now - since >= grace;
    const detail = scheduled?.message ?? 'Unschedulable';
    return {
      fatal,
      message: fatal
        ? `${podName(pod)} cannot be scheduled: ${detail}`
        : `${podName(pod)} cannot be scheduled yet (waiting up to ${Math.round(grace / 1000)}s for capacity): ${detail}`,
    };
  }
  const statuses = [
    ...list(pod, 'status', 'initContainerStatuses'),
    ...list(pod, 'status', 'containerStatuses'),
  ];
  for (const s of statuses) {
    const reason = str(s, 'state', 'waiting', 'reason');
    const fatal = reason !== undefined && FATAL_WAITING_REASONS.includes(reason);
    if (!reason || (!fatal && !TRANSIENT_WAITING_REASONS.includes(reason))) continue;
    const message = str(s, 'state', 'waiting', 'message');
    return {
      fatal,
      message:
        `${podName(pod)} container ${str(s, 'name') ?? '?'}: ${reason}` +
        `${message ? `: ${message}` : ''}${lastTermination(s)}`,
    };
  }
  return undefined;
}

/** Why a pod can never become ready (a fatal problem), or undefined. */
export function podFailure(pod: KubeObject, opts?: PodHealthOptions): string | undefined {
  const p = podProblem(pod, opts);
  return p?.fatal ? p.message : undefined;
}

export function podHealth(pod: KubeObject, opts?: PodHealthOptions): Health {
  const problem = podProblem(pod, opts);
  if (problem?.fatal) return { status: 'Failed', message: problem.message };
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
      if (problem) return { status: 'InProgress', message: `pod is pending: ${problem.message}` };
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
