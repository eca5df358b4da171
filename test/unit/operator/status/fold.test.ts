import { foldStatus } from '../../../../operator/status/fold';
import { eventsOf } from '../../../../operator/status';
import type { ReconcileReport } from '../../../../operator/controller';
import type { EnvironmentResource, SyncResult } from '../../../../operator/model';
import { emptyCounts } from '../../../../operator/adapters/kube';

const env = (
  status?: EnvironmentResource['status'],
  spec: Partial<EnvironmentResource['spec']> = {},
): EnvironmentResource => ({
  apiVersion: 'ferry.dev/v1alpha1',
  kind: 'Environment',
  metadata: { name: 'dev', namespace: 'ferry-system', generation: 3 },
  spec: { source: { repo: 'x' }, destination: { cluster: 'in-cluster', namespace: 'shop-dev' }, ...spec },
  ...(status ? { status } : {}),
});

const result = (over: Partial<SyncResult>): SyncResult => ({
  env: 'dev',
  revision: 'a'.repeat(40),
  result: 'succeeded',
  reason: { kind: 'new-revision', from: null },
  message: 'synced 3 objects',
  objects: [],
  pruned: [],
  warnings: [],
  requests: { ...emptyCounts(), patch: 3 },
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 10,
  ...over,
});

const state = {
  env: 'dev',
  revision: 'a'.repeat(40),
  synced: true,
  objects: [
    {
      ref: { group: '', kind: 'ConfigMap', namespace: 'shop-dev', name: 'c' },
      health: { status: 'Current' as const, message: 'ok' },
    },
    {
      ref: { group: 'apps', kind: 'Deployment', namespace: 'shop-dev', name: 'api' },
      health: { status: 'InProgress' as const, message: '0 of 1 available' },
    },
  ],
};
const synced = (r: SyncResult): ReconcileReport => ({ kind: 'synced', result: r, state, events: [] });

describe('folding reports into the Environment status', () => {
  it('a successful sync: Synced, health worst-of, history, kstatus conditions, observedGeneration', () => {
    const s = foldStatus(env(), synced(result({})), 't1')!;
    expect(s).toMatchObject({
      sync: 'Synced',
      health: 'InProgress',
      revision: 'a'.repeat(40),
      observedGeneration: 3,
    });
    expect(s.conditions!.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Ready', 'False', 'InProgress'],
      ['Reconciling', 'False', 'Synced'],
      ['Stalled', 'False', 'Synced'],
    ]);
    expect(s.history).toHaveLength(1);
    expect(s.resources).toMatchObject({
      total: 2,
      byHealth: { Current: 1, InProgress: 1 },
      unhealthy: [{ kind: 'Deployment', name: 'api' }],
    });
  });

  it('a no-op reconcile produces the same status (nothing to write)', () => {
    const first = foldStatus(env(), synced(result({})), 't1')!;
    const again = foldStatus(
      env(first),
      synced(result({ result: 'in-sync', message: 'already in sync' })),
      't2',
    )!;
    expect(again).toEqual(first);
  });

  it('a repeated failure is one history entry; input failures are Stalled, runtime ones are not', () => {
    const failed = result({ result: 'failed', stage: 'health', message: 'timed out' });
    const once = foldStatus(env(), synced(failed), 't1')!;
    const twice = foldStatus(env(once), synced(failed), 't2')!;
    expect(twice.history).toHaveLength(1);
    expect(twice.conditions!.find((c) => c.type === 'Stalled')!.status).toBe('False');
    const rejected = foldStatus(
      env(),
      synced(result({ result: 'failed', stage: 'dry-run', message: 'bad' })),
      't1',
    )!;
    expect(rejected.conditions!.find((c) => c.type === 'Stalled')).toMatchObject({
      status: 'True',
      reason: 'Rejected',
    });
  });

  it('keeps lastTransitionTime while a condition does not change, and shows a pin', () => {
    const stalled = foldStatus(
      env(),
      { kind: 'stalled', reason: 'SourceUnavailable', message: 'no repo' },
      't1',
    )!;
    const still = foldStatus(
      env(stalled, { revision: 'b'.repeat(40), pinReason: 'bad release' }),
      { kind: 'stalled', reason: 'SourceUnavailable', message: 'no repo' },
      't2',
    )!;
    expect(still.conditions!.every((c) => c.lastTransitionTime === 't1')).toBe(true);
    expect(still.pinned).toEqual({ revision: 'b'.repeat(40), reason: 'bad release' });
  });
});

describe('status.infra', () => {
  const infra = {
    stack: 'shop/dev',
    hash: 'sha256:h',
    revision: 'a'.repeat(40),
    upAt: 't0',
    resources: 16,
    outputs: { target: 'local' },
    result: 'failed' as const,
    message: 'Secret emails: forbidden',
    failedResource: 'kubernetes:core/v1:Secret emails',
    finishedAt: 't1',
  };

  it("is the infra gate's record: last up, last result, the failing resource, outputs, resource count", () => {
    const r = result({ result: 'failed', stage: 'infra', message: 'infra up of dev failed' });
    const s = foldStatus(env(), { kind: 'synced', result: r, state: { ...state, infra }, events: [] }, 't2')!;
    expect(s.infra).toEqual({
      stack: 'shop/dev',
      revision: 'a'.repeat(40),
      lastUpTime: 't0',
      hash: 'sha256:h',
      result: 'Failed',
      message: 'Secret emails: forbidden',
      failedResource: 'kubernetes:core/v1:Secret emails',
      resources: 16,
      outputs: { target: 'local' },
    });
    expect(s.message).toBe('infra failed: infra up of dev failed');
    expect(s.conditions!.find((c) => c.type === 'Ready')!.reason).toBe('SyncFailed');
  });

  it('is absent for environments without infra, and kept by reports that read no state', () => {
    expect(foldStatus(env(), synced(result({})), 't1')!.infra).toBeUndefined();
    const before = { infra: { stack: 'shop/dev', result: 'Succeeded' as const, message: 'ok' } };
    const s = foldStatus(env(before), { kind: 'stalled', reason: 'SourceUnavailable', message: 'x' }, 't1')!;
    expect(s.infra).toEqual(before.infra);
  });
});

describe('automated sync off', () => {
  const diff = (infra?: { stack: string; changed: boolean }) => ({
    revision: 'b'.repeat(40),
    entries: [],
    pruneDisabled: true,
    warnings: [],
    ...(infra ? { infra } : {}),
  });

  it('a changed infra description alone is OutOfSync, and says so', () => {
    const s = foldStatus(
      env(),
      { kind: 'observed', diff: diff({ stack: 'shop/dev', changed: true }), state },
      't1',
    )!;
    expect(s.sync).toBe('OutOfSync');
    expect(s.message).toBe(
      `the infra out of sync with ${'b'.repeat(12)} (automated sync is off; infra stack shop/dev changed)`,
    );
    expect(s.conditions!.find((c) => c.type === 'Ready')!.reason).toBe('OutOfSync');
  });

  it('an unchanged infra stack is Synced', () => {
    const s = foldStatus(
      env(),
      { kind: 'observed', diff: diff({ stack: 'shop/dev', changed: false }), state },
      't1',
    )!;
    expect(s.sync).toBe('Synced');
  });
});

describe('deletion', () => {
  const ref = { group: '', kind: 'Namespace', namespace: '', name: 'shop-dev' };
  const deleted = (over: Partial<Extract<ReconcileReport, { kind: 'deleted' }>>): ReconcileReport => ({
    kind: 'deleted',
    policy: 'Delete',
    deleted: [],
    kept: [],
    ...over,
  });

  it('a deletion that finished changes nothing (the Environment is going away)', () => {
    const stack = { stack: 'shop/dev', result: 'destroyed' as const, message: 'destroyed' };
    expect(foldStatus(env(), deleted({ infra: stack }), 't1')).toBeUndefined();
  });

  it('a stack that cannot be destroyed holds the deletion, and the status says why and what to do', () => {
    const message =
      'destroy of stack shop/dev failed: boom; fix that and the operator tries again, or set spec.deletionPolicy to Orphan';
    const s = foldStatus(env(), deleted({ infra: { stack: 'shop/dev', result: 'failed', message } }), 't1')!;
    expect(s.message).toBe(message);
    expect(s.conditions!.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'DeletionBlocked',
      message,
    });
  });

  it('objects not deleted yet hold it too', () => {
    const s = foldStatus(
      env(),
      deleted({ kept: [{ ref, reason: 'could not be deleted now (see the events)' }] }),
      't1',
    )!;
    expect(s.message).toMatch(/^deleting: 1 object\(s\) could not be deleted yet/);
  });

  it('Events say what happened to the stack', () => {
    const reasons = (
      infra: Extract<ReconcileReport, { kind: 'deleted' }>['infra'],
      policy = 'Delete' as const,
    ) => eventsOf(deleted({ policy, ...(infra ? { infra } : {}) })).map((e) => [e[0], e[1]]);
    expect(reasons({ stack: 'shop/dev', result: 'destroyed', message: 'gone' })).toEqual([
      ['Normal', 'Deleted'],
      ['Normal', 'InfraDestroyed'],
    ]);
    expect(reasons({ stack: 'shop/dev', result: 'failed', message: 'no' })).toEqual([
      ['Normal', 'Deleted'],
      ['Warning', 'InfraDestroyFailed'],
    ]);
    expect(reasons(undefined)).toEqual([['Normal', 'Deleted']]);
    expect(
      eventsOf(
        deleted({ policy: 'Orphan', infra: { stack: 'shop/dev', result: 'kept', message: 'stays' } }),
      ).map((e) => e[1]),
    ).toEqual(['Orphaned', 'InfraKept']);
  });
});
