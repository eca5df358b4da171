import { createInventory } from '../../../../operator/inventory';
import { syncNeed } from '../../../../operator/reconcile/need';
import type { OperationState } from '../../../../operator/model';

const op = (phase: OperationState['phase'], revision = 'rev2'): OperationState => ({
  revision,
  phase,
  startedAt: '2026-01-01T00:00:00.000Z',
  holder: 'cli:h:1',
  hooks: [],
  message: phase === 'Failed' ? 'PostSync hook Job/shop/smoke failed: exit 1' : 'ok',
});
const inv = (revision: string | null, operation?: OperationState) =>
  createInventory('dev', revision, [], { operation });
const base = { revision: 'rev2', drifted: 0, pruning: 0 };

describe('when a sync is needed', () => {
  it('first sync, new revision, failed or interrupted last sync, drift, prune', () => {
    expect(syncNeed({ ...base, inventory: undefined }).kind).toBe('first-sync');
    expect(syncNeed({ ...base, inventory: inv('rev1', op('Succeeded', 'rev1')) })).toEqual({
      kind: 'new-revision',
      from: 'rev1',
    });
    expect(syncNeed({ ...base, inventory: inv('rev1', op('Failed', 'rev1')) }).kind).toBe('new-revision');
    expect(syncNeed({ ...base, inventory: inv(null, op('Failed')) }).kind).toBe('previous-failed');
    expect(syncNeed({ ...base, inventory: inv('rev2', op('Failed')) })).toEqual({
      kind: 'previous-failed',
      message: 'PostSync hook Job/shop/smoke failed: exit 1',
    });
    expect(syncNeed({ ...base, inventory: inv('rev2', op('Running')) }).kind).toBe('previous-interrupted');
    expect(syncNeed({ ...base, inventory: inv('rev2', op('Succeeded')), drifted: 2 })).toEqual({
      kind: 'drift',
      objects: 2,
    });
    expect(syncNeed({ ...base, inventory: inv('rev2', op('Succeeded')), pruning: 1 }).kind).toBe(
      'prune-pending',
    );
  });

  it('in sync only when the last sync of this revision succeeded and nothing drifted', () => {
    expect(syncNeed({ ...base, inventory: inv('rev2', op('Succeeded')) }).kind).toBe('in-sync');
    // Records from before operation state existed count as succeeded at their revision.
    expect(syncNeed({ ...base, inventory: inv('rev2') }).kind).toBe('in-sync');
  });
});
