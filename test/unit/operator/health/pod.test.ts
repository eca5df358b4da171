import {
  FATAL_WAITING_REASONS,
  TRANSIENT_WAITING_REASONS,
  healthWithPods,
  objectHealth,
  podFailure,
} from '../../../../operator/health';
import type { Health, KubeObject } from '../../../../operator/model';
import { manifest } from '../fixtures';

const pod = (
  status: Record<string, unknown>,
  spec: Record<string, unknown> = {},
  name = 'api-abc',
): KubeObject => manifest('Pod', name, { spec, status });
const waiting = (reason: string, message?: string) => ({
  phase: 'Pending',
  containerStatuses: [{ name: 'api', state: { waiting: { reason, ...(message ? { message } : {}) } } }],
});

describe('Pod health', () => {
  it.each<[string, KubeObject, Health]>([
    ['not scheduled yet', pod({}), { status: 'InProgress', message: 'waiting for the pod to be scheduled' }],
    [
      'creating',
      pod(waiting('ContainerCreating')),
      { status: 'InProgress', message: 'pod is pending: ContainerCreating' },
    ],
    [
      'running and ready',
      pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }),
      { status: 'Current', message: 'pod is running and ready' },
    ],
    [
      'running, not ready',
      pod({
        phase: 'Running',
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'ContainersNotReady',
            message: 'containers with unready status: [api]',
          },
        ],
      }),
      {
        status: 'InProgress',
        message: 'pod is running but not ready: ContainersNotReady: containers with unready status: [api]',
      },
    ],
    [
      'hook pod still running',
      pod({ phase: 'Running' }, { restartPolicy: 'Never' }),
      { status: 'InProgress', message: 'pod is running' },
    ],
    [
      'completed',
      pod({ phase: 'Succeeded' }, { restartPolicy: 'Never' }),
      { status: 'Current', message: 'pod completed' },
    ],
    [
      'failed',
      pod({
        phase: 'Failed',
        containerStatuses: [{ name: 'smoke', state: { terminated: { exitCode: 2, reason: 'Error' } } }],
      }),
      { status: 'Failed', message: 'pod failed: container smoke exited with code 2 (Error)' },
    ],
    [
      'image pull back-off (may fix itself: waits, says why)',
      pod(waiting('ImagePullBackOff', 'Back-off pulling image "shop/api:nope"')),
      {
        status: 'InProgress',
        message:
          'pod is pending: Pod/shop-dev/api-abc container api: ImagePullBackOff: Back-off pulling image "shop/api:nope"',
      },
    ],
    [
      'crash loop (fatal)',
      pod(waiting('CrashLoopBackOff')),
      { status: 'Failed', message: 'Pod/shop-dev/api-abc container api: CrashLoopBackOff' },
    ],
    ['unknown phase', pod({ phase: 'Unknown' }), { status: 'Unknown', message: 'pod phase is Unknown' }],
  ])('%s', (_name, obj, health) => {
    expect(objectHealth(obj)).toEqual(health);
  });
});

describe('podFailure', () => {
  it.each(FATAL_WAITING_REASONS)('treats %s as fatal', (reason) => {
    expect(podFailure(pod(waiting(reason)))).toBe(`Pod/shop-dev/api-abc container api: ${reason}`);
  });

  it('names the last termination of a crash-looping container', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [
        {
          name: 'api',
          state: {
            waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container' },
          },
          lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
        },
      ],
    });
    expect(podFailure(p)).toBe(
      'Pod/shop-dev/api-abc container api: CrashLoopBackOff: back-off 10s restarting failed container (last termination: OOMKilled, exit code 137)',
    );
  });

  it.each(TRANSIENT_WAITING_REASONS)(
    'does not treat %s as fatal (image pushes and config arrive late)',
    (reason) => {
      expect(podFailure(pod(waiting(reason)))).toBeUndefined();
    },
  );

  it('checks init containers too', () => {
    const p = pod({
      phase: 'Pending',
      initContainerStatuses: [{ name: 'wait-db', state: { waiting: { reason: 'CrashLoopBackOff' } } }],
    });
    expect(podFailure(p)).toBe('Pod/shop-dev/api-abc container wait-db: CrashLoopBackOff');
  });

  describe('unschedulable pods get a grace period (a cluster autoscaler needs minutes)', () => {
    const since = Date.parse('2026-01-01T00:00:00Z');
    const p = pod({
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '0/3 nodes are available: 3 Insufficient cpu.',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ],
    });

    it('fail after the grace period, with the scheduler message', () => {
      expect(podFailure(p, { now: since + 120_000 })).toBe(
        'Pod/shop-dev/api-abc cannot be scheduled: 0/3 nodes are available: 3 Insufficient cpu.',
      );
      expect(podFailure(p, { now: since + 5_000, unschedulableGraceMs: 5_000 })).toBeDefined();
    });

    it('wait (with the reason in the message) within it, or when no time is given', () => {
      expect(podFailure(p, { now: since + 119_000 })).toBeUndefined();
      expect(podFailure(p)).toBeUndefined();
      expect(objectHealth(p)).toEqual({
        status: 'InProgress',
        message:
          'pod is pending: Pod/shop-dev/api-abc cannot be scheduled yet (waiting up to 120s for capacity): 0/3 nodes are available: 3 Insufficient cpu.',
      });
    });
  });

  it('ignores transient states and terminating pods', () => {
    expect(podFailure(pod(waiting('ContainerCreating')))).toBeUndefined();
    const dying = manifest('Pod', 'x', {
      status: waiting('CrashLoopBackOff'),
      metadata: { deletionTimestamp: '2025-01-01T00:00:00Z' },
    });
    expect(podFailure(dying)).toBeUndefined();
  });
});

describe('healthWithPods (fail fast)', () => {
  const rolling = manifest('Deployment', 'api', {
    spec: { replicas: 1 },
    status: { observedGeneration: 1, updatedReplicas: 1, replicas: 1, availableReplicas: 0 },
  });

  it('fails an InProgress Deployment whose pod can never become ready', () => {
    expect(
      healthWithPods(rolling, [pod({ phase: 'Running' }, {}, 'ok'), pod(waiting('CrashLoopBackOff'))]),
    ).toEqual({
      status: 'Failed',
      message: '0 of 1 updated replicas are available; Pod/shop-dev/api-abc container api: CrashLoopBackOff',
    });
  });

  it('keeps waiting on a pod that cannot pull its image yet, saying so', () => {
    expect(healthWithPods(rolling, [pod(waiting('ImagePullBackOff'))])).toEqual({
      status: 'InProgress',
      message: '0 of 1 updated replicas are available; Pod/shop-dev/api-abc container api: ImagePullBackOff',
    });
  });

  it('stays InProgress while pods are merely starting', () => {
    expect(healthWithPods(rolling, [pod(waiting('ContainerCreating'))]).status).toBe('InProgress');
  });

  it('does not override a Current workload or report a missing one as Failed', () => {
    const done = manifest('Deployment', 'api', {
      spec: { replicas: 1 },
      status: {
        observedGeneration: 1,
        updatedReplicas: 1,
        replicas: 1,
        availableReplicas: 1,
        readyReplicas: 1,
      },
    });
    expect(healthWithPods(done, [pod(waiting('CrashLoopBackOff'))]).status).toBe('Current');
    expect(healthWithPods(undefined, [pod(waiting('CrashLoopBackOff'))]).status).toBe('NotFound');
  });

  it('fails a running hook Job whose pod cannot pull its image', () => {
    const job = manifest('Job', 'migrate', { status: { active: 1 } });
    expect(healthWithPods(job, [pod(waiting('ErrImagePull', 'not found'), {}, 'migrate-x')]).message).toBe(
      'Job running: 0 of 1 completions, 1 active; Pod/shop-dev/migrate-x container api: ErrImagePull: not found',
    );
  });
});
