import { objectHealth } from '../../../../operator/health';
import type { Health } from '../../../../operator/model';
import { manifest } from '../fixtures';

const obs = (g = 1) => ({ observedGeneration: g });
const deploy = (spec: Record<string, unknown>, status: Record<string, unknown>, generation = 1) =>
  manifest('Deployment', 'api', { spec, status, metadata: { generation } });

describe('Deployment health', () => {
  it.each<[string, ReturnType<typeof deploy>, Health]>([
    ['paused', deploy({ paused: true }, obs()), { status: 'Suspended', message: 'Deployment is paused' }],
    [
      'status not reported yet',
      deploy({ replicas: 1 }, {}),
      { status: 'InProgress', message: 'waiting for the Deployment controller to report status' },
    ],
    [
      'new generation not observed',
      deploy({ replicas: 1 }, obs(1), 2),
      { status: 'InProgress', message: 'waiting for the controller to observe generation 2 (observed 1)' },
    ],
    [
      'progress deadline exceeded',
      deploy(
        { replicas: 1 },
        {
          ...obs(),
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'ReplicaSet "api-1" has timed out progressing.',
            },
          ],
        },
      ),
      {
        status: 'Failed',
        message: 'Deployment exceeded its progress deadline: ReplicaSet "api-1" has timed out progressing.',
      },
    ],
    [
      'replica failure (quota)',
      deploy(
        { replicas: 1 },
        {
          ...obs(),
          conditions: [
            {
              type: 'ReplicaFailure',
              status: 'True',
              reason: 'FailedCreate',
              message: 'exceeded quota: compute',
            },
          ],
        },
      ),
      { status: 'Failed', message: 'cannot create pods: FailedCreate: exceeded quota: compute' },
    ],
    [
      'rolling out',
      deploy({ replicas: 3 }, { ...obs(), updatedReplicas: 1, replicas: 3 }),
      { status: 'InProgress', message: '1 of 3 replicas are updated' },
    ],
    [
      'old replicas terminating',
      deploy({ replicas: 3 }, { ...obs(), updatedReplicas: 3, replicas: 4, availableReplicas: 3 }),
      { status: 'InProgress', message: '1 old replicas are pending termination' },
    ],
    [
      'updated but not available',
      deploy({ replicas: 3 }, { ...obs(), updatedReplicas: 3, replicas: 3, availableReplicas: 2 }),
      { status: 'InProgress', message: '2 of 3 updated replicas are available' },
    ],
    [
      'all available',
      deploy(
        { replicas: 3 },
        { ...obs(), updatedReplicas: 3, replicas: 3, availableReplicas: 3, readyReplicas: 3 },
      ),
      { status: 'Current', message: '3 of 3 replicas are available' },
    ],
    [
      'available but not all ready (readyReplicas lags)',
      deploy(
        { replicas: 3 },
        { ...obs(), updatedReplicas: 3, replicas: 3, availableReplicas: 3, readyReplicas: 2 },
      ),
      { status: 'InProgress', message: '2 of 3 replicas are ready' },
    ],
    [
      'not progressing (Progressing=False, before the deadline)',
      deploy(
        { replicas: 1 },
        {
          ...obs(),
          updatedReplicas: 1,
          replicas: 1,
          availableReplicas: 1,
          readyReplicas: 1,
          conditions: [
            { type: 'Progressing', status: 'False', reason: 'NewReplicaSetStuck', message: 'stuck' },
          ],
        },
      ),
      { status: 'InProgress', message: 'Deployment is not progressing: NewReplicaSetStuck: stuck' },
    ],
    [
      'replicas default to 1',
      deploy({}, { ...obs(), updatedReplicas: 0 }),
      { status: 'InProgress', message: '0 of 1 replicas are updated' },
    ],
    [
      'scaled to zero',
      deploy({ replicas: 0 }, obs()),
      { status: 'Current', message: '0 of 0 replicas are available' },
    ],
  ])('%s', (_name, obj, health) => {
    expect(objectHealth(obj)).toEqual(health);
  });

  it('is Terminating once deletion started', () => {
    const d = manifest('Deployment', 'api', { metadata: { deletionTimestamp: '2025-01-01T00:00:00Z' } });
    expect(objectHealth(d)).toEqual({
      status: 'Terminating',
      message: 'being deleted since 2025-01-01T00:00:00Z',
    });
  });
});

describe('StatefulSet health', () => {
  const sts = (spec: Record<string, unknown>, status: Record<string, unknown>) =>
    manifest('StatefulSet', 'db', { spec, status });
  it.each<[string, ReturnType<typeof sts>, Health]>([
    [
      'not ready',
      sts({ replicas: 3 }, { ...obs(), readyReplicas: 1 }),
      { status: 'InProgress', message: '1 of 3 replicas are ready' },
    ],
    [
      'partitioned rollout not done',
      sts(
        { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
        { ...obs(), readyReplicas: 3, updatedReplicas: 1 },
      ),
      { status: 'InProgress', message: '1 of 2 replicas are updated' },
    ],
    [
      'revision rolling',
      sts(
        { replicas: 2 },
        { ...obs(), readyReplicas: 2, updatedReplicas: 2, currentRevision: 'db-1', updateRevision: 'db-2' },
      ),
      { status: 'InProgress', message: 'rolling update to revision db-2 in progress' },
    ],
    [
      'OnDelete ignores updates',
      sts(
        { replicas: 2, updateStrategy: { type: 'OnDelete' } },
        { ...obs(), readyReplicas: 2, updatedReplicas: 0 },
      ),
      { status: 'Current', message: '2 of 2 replicas are ready' },
    ],
    [
      'current',
      sts(
        { replicas: 2 },
        { ...obs(), readyReplicas: 2, updatedReplicas: 2, currentRevision: 'db-2', updateRevision: 'db-2' },
      ),
      { status: 'Current', message: '2 of 2 replicas are ready' },
    ],
  ])('%s', (_name, obj, health) => {
    expect(objectHealth(obj)).toEqual(health);
  });
});

describe('DaemonSet health', () => {
  const ds = (status: Record<string, unknown>, spec: Record<string, unknown> = {}) =>
    manifest('DaemonSet', 'agent', { spec, status });
  it.each<[string, ReturnType<typeof ds>, Health]>([
    [
      'no status',
      ds({}),
      { status: 'InProgress', message: 'waiting for the DaemonSet controller to report status' },
    ],
    [
      'updating',
      ds({ ...obs(), desiredNumberScheduled: 3, updatedNumberScheduled: 2, numberAvailable: 3 }),
      { status: 'InProgress', message: '2 of 3 pods are updated' },
    ],
    [
      'not available',
      ds({ ...obs(), desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 1 }),
      { status: 'InProgress', message: '1 of 3 pods are available' },
    ],
    [
      'current',
      ds({ ...obs(), desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 }),
      { status: 'Current', message: '3 of 3 pods are available' },
    ],
  ])('%s', (_name, obj, health) => {
    expect(objectHealth(obj)).toEqual(health);
  });
});

describe('ReplicaSet health', () => {
  const rs = (status: Record<string, unknown>) =>
    manifest('ReplicaSet', 'api-1', { spec: { replicas: 2 }, status });
  it.each<[string, ReturnType<typeof rs>, Health]>([
    [
      'failure',
      rs({
        ...obs(),
        conditions: [
          { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'forbidden' },
        ],
      }),
      { status: 'Failed', message: 'cannot create pods: FailedCreate: forbidden' },
    ],
    [
      'not available',
      rs({ ...obs(), availableReplicas: 1 }),
      { status: 'InProgress', message: '1 of 2 replicas are available' },
    ],
    [
      'current',
      rs({ ...obs(), availableReplicas: 2 }),
      { status: 'Current', message: '2 of 2 replicas are available' },
    ],
  ])('%s', (_name, obj, health) => {
    expect(objectHealth(obj)).toEqual(health);
  });
});
