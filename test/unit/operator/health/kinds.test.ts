import { HEALTH_SEVERITY, objectHealth, worstOf, worstStatus } from '../../../../operator/health';
import { ARGO_HEALTH, HEALTH_STATUSES, type Health, type KubeObject } from '../../../../operator/model';
import { manifest } from '../fixtures';

const cond = (type: string, status: string, reason?: string, message?: string) => ({
  type,
  status,
  reason,
  message,
});

describe('health per kind', () => {
  it.each<[string, KubeObject, Health]>([
    // Job
    [
      'Job running',
      manifest('Job', 'm', { spec: { completions: 2 }, status: { succeeded: 1, active: 1 } }),
      { status: 'InProgress', message: 'Job running: 1 of 2 completions, 1 active' },
    ],
    [
      'Job retrying',
      manifest('Job', 'm', { spec: { backoffLimit: 2 }, status: { active: 1, failed: 1 } }),
      {
        status: 'InProgress',
        message: 'Job running: 0 of 1 completions, 1 active, 1 failed (backoffLimit 2)',
      },
    ],
    [
      'Job failed',
      manifest('Job', 'm', {
        status: {
          conditions: [
            cond('Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'),
          ],
        },
      }),
      {
        status: 'Failed',
        message: 'Job failed: BackoffLimitExceeded: Job has reached the specified backoff limit',
      },
    ],
    [
      'Job complete',
      manifest('Job', 'm', { status: { succeeded: 1, conditions: [cond('Complete', 'True')] } }),
      { status: 'Current', message: 'Job completed (1 succeeded)' },
    ],
    [
      'Job suspended',
      manifest('Job', 'm', { spec: { suspend: true } }),
      { status: 'Suspended', message: 'Job is suspended' },
    ],
    // CronJob
    [
      'CronJob',
      manifest('CronJob', 'c', { spec: { schedule: '0 3 * * *' } }),
      { status: 'Current', message: 'scheduled "0 3 * * *", not run yet' },
    ],
    [
      'CronJob ran',
      manifest('CronJob', 'c', {
        spec: { schedule: '0 3 * * *' },
        status: { lastScheduleTime: '2025-01-01T03:00:00Z' },
      }),
      { status: 'Current', message: 'scheduled "0 3 * * *", last run 2025-01-01T03:00:00Z' },
    ],
    [
      'CronJob suspended',
      manifest('CronJob', 'c', { spec: { schedule: '@daily', suspend: true } }),
      { status: 'Suspended', message: 'CronJob is suspended (schedule "@daily")' },
    ],
    // PVC
    [
      'PVC bound',
      manifest('PersistentVolumeClaim', 'd', { spec: { volumeName: 'pv-1' }, status: { phase: 'Bound' } }),
      { status: 'Current', message: 'bound to volume pv-1' },
    ],
    [
      'PVC pending',
      manifest('PersistentVolumeClaim', 'd', {
        spec: { storageClassName: 'fast' },
        status: { phase: 'Pending' },
      }),
      { status: 'InProgress', message: 'waiting for a volume (storage class fast)' },
    ],
    [
      'PVC lost',
      manifest('PersistentVolumeClaim', 'd', { status: { phase: 'Lost' } }),
      { status: 'Failed', message: 'the bound volume was lost: restore or recreate the volume' },
    ],
    // Service
    [
      'ClusterIP Service',
      manifest('Service', 's', { spec: {} }),
      { status: 'Current', message: 'ClusterIP service' },
    ],
    [
      'LoadBalancer without address',
      manifest('Service', 's', { spec: { type: 'LoadBalancer' }, status: { loadBalancer: {} } }),
      { status: 'InProgress', message: 'waiting for a load balancer address (status.loadBalancer.ingress)' },
    ],
    [
      'LoadBalancer with address',
      manifest('Service', 's', {
        spec: { type: 'LoadBalancer' },
        status: { loadBalancer: { ingress: [{ ip: '10.0.0.5' }] } },
      }),
      { status: 'Current', message: 'load balancer at 10.0.0.5' },
    ],
    // Ingress
    [
      'Ingress without address',
      manifest('Ingress', 'i', { status: {} }),
      {
        status: 'Current',
        message:
          'no address published yet (status.loadBalancer.ingress is empty; is an ingress controller running?)',
      },
    ],
    [
      'Ingress with address',
      manifest('Ingress', 'i', { status: { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }] } } }),
      { status: 'Current', message: 'address lb.example.com' },
    ],
    // HPA
    [
      'HPA not observed',
      manifest('HorizontalPodAutoscaler', 'h', { spec: { maxReplicas: 5 } }),
      { status: 'InProgress', message: 'waiting for the autoscaler to report conditions' },
    ],
    [
      'HPA cannot scale',
      manifest('HorizontalPodAutoscaler', 'h', {
        status: {
          conditions: [cond('AbleToScale', 'False', 'FailedGetScale', 'deployments/scale "api" not found')],
        },
      }),
      {
        status: 'InProgress',
        message: 'cannot scale yet: FailedGetScale: deployments/scale "api" not found',
      },
    ],
    [
      'HPA without metrics',
      manifest('HorizontalPodAutoscaler', 'h', {
        spec: { minReplicas: 2, maxReplicas: 5 },
        status: {
          currentReplicas: 2,
          conditions: [
            cond('AbleToScale', 'True'),
            cond('ScalingActive', 'False', 'FailedGetResourceMetric', 'no metrics'),
          ],
        },
      }),
      {
        status: 'Current',
        message: '2 replicas (range 2..5); autoscaling inactive: FailedGetResourceMetric: no metrics',
      },
    ],
    [
      'HPA active',
      manifest('HorizontalPodAutoscaler', 'h', {
        spec: { minReplicas: 2, maxReplicas: 5 },
        status: {
          currentReplicas: 3,
          conditions: [cond('AbleToScale', 'True'), cond('ScalingActive', 'True')],
        },
      }),
      { status: 'Current', message: '3 replicas (range 2..5)' },
    ],
    // CRD
    [
      'CRD established',
      manifest('CustomResourceDefinition', 'w', {
        status: { conditions: [cond('NamesAccepted', 'True'), cond('Established', 'True')] },
      }),
      { status: 'Current', message: 'CustomResourceDefinition is established' },
    ],
    [
      'CRD pending',
      manifest('CustomResourceDefinition', 'w', { status: {} }),
      { status: 'InProgress', message: 'waiting for the CustomResourceDefinition to be established' },
    ],
    [
      'CRD name conflict',
      manifest('CustomResourceDefinition', 'w', {
        status: {
          conditions: [cond('NamesAccepted', 'False', 'ListKindConflict', '"WidgetList" is already in use')],
        },
      }),
      { status: 'Failed', message: 'names not accepted: ListKindConflict: "WidgetList" is already in use' },
    ],
    // Namespace
    [
      'Namespace active',
      manifest('Namespace', 'n', { status: { phase: 'Active' } }),
      { status: 'Current', message: 'Namespace is active' },
    ],
    [
      'Namespace terminating',
      manifest('Namespace', 'n', { status: { phase: 'Terminating' } }),
      { status: 'Terminating', message: 'Namespace is terminating' },
    ],
    [
      'Namespace new',
      manifest('Namespace', 'n'),
      { status: 'InProgress', message: 'waiting for the Namespace to become active' },
    ],
  ])('%s', (_name, obj, health) => {
    expect(objectHealth(obj)).toEqual(health);
  });
});

describe('generic kstatus rules', () => {
  const widget = (status: Record<string, unknown>, generation?: number) =>
    manifest('Widget', 'w', { status, metadata: generation ? { generation } : {} });
  it.each<[string, KubeObject, Health]>([
    ['no conditions', widget({}), { status: 'Current', message: 'applied (no status conditions to check)' }],
    [
      'generation not observed',
      widget({ observedGeneration: 2 }, 3),
      { status: 'InProgress', message: 'waiting for the controller to observe generation 3 (observed 2)' },
    ],
    [
      'Stalled',
      widget({
        conditions: [cond('Stalled', 'True', 'BadSpec', 'size must be positive'), cond('Ready', 'False')],
      }),
      { status: 'Failed', message: 'stalled: BadSpec: size must be positive' },
    ],
    [
      'Reconciling',
      widget({ conditions: [cond('Reconciling', 'True', 'Provisioning')] }),
      { status: 'InProgress', message: 'reconciling: Provisioning' },
    ],
    [
      'Ready=False',
      widget({ conditions: [cond('Ready', 'False', 'Waiting', 'for the database')] }),
      { status: 'InProgress', message: 'not ready: Waiting: for the database' },
    ],
    ['Ready=True', widget({ conditions: [cond('Ready', 'True')] }), { status: 'Current', message: 'ready' }],
    [
      'ConfigMap',
      manifest('ConfigMap', 'c'),
      { status: 'Current', message: 'applied (no status conditions to check)' },
    ],
  ])('%s', (_name, obj, health) => {
    expect(objectHealth(obj)).toEqual(health);
  });

  it('reports a missing object as NotFound', () => {
    expect(objectHealth(undefined)).toEqual({ status: 'NotFound', message: 'not found in the cluster' });
  });

  it('never throws on malformed status', () => {
    const weird = manifest('Deployment', 'd', {
      status: { observedGeneration: 1, conditions: 'nope', replicas: 'x' },
    });
    expect(objectHealth(weird).status).toBe('InProgress');
  });
});

describe('worst-of aggregation', () => {
  it('orders statuses Current < Suspended < InProgress < Terminating < NotFound < Unknown < Failed', () => {
    expect(HEALTH_SEVERITY).toEqual([
      'Current',
      'Suspended',
      'InProgress',
      'Terminating',
      'NotFound',
      'Unknown',
      'Failed',
    ]);
  });

  it('returns the first of the worst', () => {
    const h = (status: Health['status'], message: string): Health => ({ status, message });
    expect(
      worstOf([h('Current', 'a'), h('InProgress', 'b'), h('Unknown', 'c'), h('InProgress', 'd')]),
    ).toEqual(h('Unknown', 'c'));
    expect(worstOf([h('Unknown', 'u'), h('Failed', 'f')])).toEqual(h('Failed', 'f'));
    expect(worstOf([])).toEqual({ status: 'Current', message: 'no objects' });
    expect(worstStatus(['Suspended', 'Current'])).toBe('Suspended');
  });

  it('maps every status to Argo CD vocabulary', () => {
    expect(HEALTH_STATUSES.map((s) => ARGO_HEALTH[s])).toEqual([
      'Healthy',
      'Suspended',
      'Progressing',
      'Progressing',
      'Missing',
      'Unknown',
      'Degraded',
    ]);
  });
});

describe('an Environment applied by another environment', () => {
  const env = (status: Record<string, unknown>, generation = 1) =>
    manifest('Environment', 'staging', {
      apiVersion: 'ferry.dev/v1alpha1',
      namespace: 'ferry-system',
      status,
      metadata: { generation },
    });
  const stalled = {
    observedGeneration: 1,
    sync: 'Unknown',
    health: 'Failed',
    conditions: [
      cond('Stalled', 'True', 'DestinationUnavailable', 'no cluster Secret'),
      cond('Ready', 'False'),
    ],
  };

  it('does not pass its own failure to the parent (it reports it itself)', () => {
    expect(objectHealth(env(stalled))).toEqual({
      status: 'Current',
      message: 'applied; reports its own status (sync Unknown, health Failed)',
    });
  });

  it('waits until the operator observed a new spec', () => {
    expect(objectHealth(env(stalled, 2)).status).toBe('InProgress');
  });

  it('other kinds with the same conditions still fail', () => {
    expect(objectHealth({ ...env(stalled), kind: 'Widget' }).status).toBe('Failed');
  });
});
