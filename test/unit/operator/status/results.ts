import { emptyCounts } from '../../../../operator/adapters/kube';
import type { SyncResult } from '../../../../operator/model';

/** A SyncResult of environment `dev`-like tests: succeeded at `a…a` unless overridden. */
export function syncResult(over: Partial<SyncResult>, env = 'dev'): SyncResult {
  return {
    env,
    revision: 'a'.repeat(40),
    result: 'succeeded',
    reason: { kind: 'new-revision', from: null },
    message: 'synced 3 objects',
    objects: [],
    pruned: [],
    warnings: [],
    requests: emptyCounts(),
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 10,
    ...over,
  };
}
