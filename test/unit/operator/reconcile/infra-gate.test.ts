/**
 * The infra gate's pure parts: when it says a sync is needed, what it records beside the inventory
 * after an up (a failure keeps the last good hash), how the record survives the inventory
 * ConfigMap, and how it becomes the Environment's status.infra.
 */
import { createInventory, decodeInventory, encodeInventory } from '../../../../operator/inventory';
import { syncNeed } from '../../../../operator/reconcile/need';
import { infraReason } from '../../../../operator/reconcile/infra-gate';
import { formatInfraStatus } from '../../../../operator/cli/infra-output';
import {
  describeReason,
  infraStatusOf,
  nextInfraRecord,
  resourceCount,
  type InfraStepResult,
  type OperationState,
} from '../../../../operator/model';

const op: OperationState = {
  revision: 'rev2',
  phase: 'Succeeded',
  startedAt: '2026-01-01T00:00:00.000Z',
  holder: 'cli:h:1',
  hooks: [],
  message: 'ok',
};
const step = (over: Partial<InfraStepResult>): InfraStepResult => ({
  result: 'succeeded',
  mode: 'up',
  hash: 'sha256:new',
  changes: { create: 3, same: 13 },
  changed: true,
  outputs: { secrets: ['orders-queue'], target: 'local' },
  message: 'up of dev: 3 created',
  durationMs: 1000,
  ...over,
});

describe('the infra gate', () => {
  it('is a reason to sync when the description changed, named "infra changed"', () => {
    const gate = { stack: 'shop/dev', hash: 'sha256:new', recorded: 'sha256:old', needed: true };
    const reason = infraReason(gate)!;
    const inventory = createInventory('dev', 'rev2', [], { operation: op });
    expect(syncNeed({ inventory, revision: 'rev2', drifted: 0, pruning: 0, infra: reason })).toEqual({
      kind: 'infra-changed',
      stack: 'shop/dev',
      from: 'sha256:old',
    });
    expect(describeReason(reason)).toBe(
      'infra changed (stack shop/dev: the description differs from the last successful up)',
    );
    // Unchanged but due for a refresh (drift check): its own reason.
    expect(
      infraReason({ ...gate, recorded: 'sha256:new', refresh: { lastUpAt: '2026-01-01T00:00:00.000Z' } }),
    ).toEqual({ kind: 'infra-refresh', stack: 'shop/dev', lastUpAt: '2026-01-01T00:00:00.000Z' });
    expect(describeReason({ kind: 'infra-refresh', stack: 'shop/dev', lastUpAt: 't0' })).toBe(
      'infra drift check (stack shop/dev: last successful up t0; refresh, then up)',
    );
    // Unchanged: no reason, and the environment is in sync.
    expect(infraReason({ ...gate, needed: false })).toBeUndefined();
    expect(syncNeed({ inventory, revision: 'rev2', drifted: 0, pruning: 0 }).kind).toBe('in-sync');
    // An earlier failure of this revision still comes first.
    const failed = createInventory('dev', 'rev1', [], { operation: { ...op, phase: 'Failed' } });
    expect(
      syncNeed({ inventory: failed, revision: 'rev2', drifted: 0, pruning: 0, infra: reason }).kind,
    ).toBe('previous-failed');
  });

  it('records a successful up, and a failure without losing the last good hash', () => {
    const up = nextInfraRecord(undefined, 'shop/dev', step({}), 'rev2', '2026-01-01T00:01:00.000Z');
    expect(up).toEqual({
      stack: 'shop/dev',
      hash: 'sha256:new',
      revision: 'rev2',
      upAt: '2026-01-01T00:01:00.000Z',
      resources: 16,
      outputs: { secrets: ['orders-queue'], target: 'local' },
      result: 'succeeded',
      message: 'up of dev: 3 created',
      finishedAt: '2026-01-01T00:01:00.000Z',
    });
    const failed = nextInfraRecord(
      up,
      'shop/dev',
      step({ result: 'failed', hash: 'sha256:newer', message: 'Secret emails: forbidden\nmore' }),
      'rev3',
      '2026-01-01T00:02:00.000Z',
      'kubernetes:core/v1:Secret emails',
    );
    expect(failed).toMatchObject({
      hash: 'sha256:new',
      revision: 'rev2',
      result: 'failed',
      message: 'Secret emails: forbidden',
      failedResource: 'kubernetes:core/v1:Secret emails',
    });
    expect(resourceCount({ same: 2, create: 1, delete: 4, replace: 1 })).toBe(4);
  });

  it('survives the inventory ConfigMap and becomes status.infra', () => {
    const record = nextInfraRecord(undefined, 'shop/dev', step({}), 'rev2', '2026-01-01T00:01:00.000Z');
    const inv = createInventory('dev', 'rev2', [], { operation: op, infra: record });
    const cm = encodeInventory(inv, 'ferry-system');
    expect(JSON.parse((cm.data as Record<string, string>).infra!)).toEqual(record);
    expect(decodeInventory(cm, 'dev').infra).toEqual(record);
    // Before the gate ever ran, the ConfigMap has no infra key (existing inventories are unchanged).
    expect(encodeInventory(createInventory('dev', 'rev2', []), 'ferry-system').data).not.toHaveProperty(
      'infra',
    );
    expect(infraStatusOf(record)).toEqual({
      stack: 'shop/dev',
      revision: 'rev2',
      lastUpTime: '2026-01-01T00:01:00.000Z',
      hash: 'sha256:new',
      result: 'Succeeded',
      message: 'up of dev: 3 created',
      resources: 16,
      outputs: { secrets: ['orders-queue'], target: 'local' },
    });
    expect(formatInfraStatus(infraStatusOf(record))).toBe('infra: stack shop/dev up at rev2 (16 resources)');
    expect(
      formatInfraStatus({
        stack: 'shop/dev',
        result: 'Failed',
        message: 'forbidden',
        failedResource: 'kubernetes:core/v1:Secret emails',
      }),
    ).toBe(
      'infra: stack shop/dev never brought up; last attempt Failed at kubernetes:core/v1:Secret emails: forbidden',
    );
  });
});
