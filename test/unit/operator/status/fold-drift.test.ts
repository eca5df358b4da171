import type { Fight } from '../../../../operator/controller';
import type { EnvironmentResource, SyncResult } from '../../../../operator/model';
import { syncResult } from './results';
import { eventsOf, foldStatus } from '../../../../operator/status';

const env: EnvironmentResource = {
  apiVersion: 'ferry.dev/v1alpha1',
  kind: 'Environment',
  metadata: { name: 'dev', namespace: 'ferry-system', generation: 1 },
  spec: { source: { repo: 'x' }, destination: { cluster: 'in-cluster', namespace: 'shop' } },
};
const ref = { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'api' };
const result = (over: Partial<SyncResult>): SyncResult =>
  syncResult({
    reason: { kind: 'drift', objects: 1 } as SyncResult['reason'],
    message: 'reverted 1 drifted object',
    ...over,
  });
const state = {
  env: 'dev',
  revision: 'a'.repeat(40),
  synced: true,
  objects: [{ ref, health: { status: 'Current' as const, message: 'ok' } }],
};

describe('drift and fights in the status', () => {
  it('selfHeal off: OutOfSync, Ready=False Drifted, the object listed with who changed it; a DriftDetected Event', () => {
    const r = result({
      result: 'out-of-sync',
      message:
        '1 object drifted: Deployment/shop/api (changed by kubectl); not reverted (syncPolicy.selfHeal is false)',
      drift: [{ ref, manager: 'kubectl' }],
    });
    const s = foldStatus(env, { kind: 'synced', result: r, state, events: [] }, 't')!;
    expect(s.sync).toBe('OutOfSync');
    expect(s.conditions!.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'Drifted',
    });
    expect(s.resources!.outOfSync).toEqual([
      {
        kind: 'Deployment',
        namespace: 'shop',
        name: 'api',
        status: 'Drifted',
        message: 'changed by kubectl',
      },
    ]);
    expect(eventsOf({ kind: 'synced', result: r, state, events: [] }).map((e) => e[1])).toEqual([
      'DriftDetected',
    ]);
  });

  it('a fight: Degraded=True and Ready=False naming the other field manager, a DriftFight Event', () => {
    const fight: Fight = {
      ref,
      manager: 'autoscaler-x',
      reverts: 6,
      windowMs: 60_000,
      until: '2026-01-01T00:05:00Z',
    };
    const report = { kind: 'synced' as const, result: result({}), state, events: [], fights: [fight] };
    const s = foldStatus(env, report, 't')!;
    const degraded = s.conditions!.find((c) => c.type === 'Degraded')!;
    expect(degraded).toMatchObject({ status: 'True', reason: 'DriftFight' });
    expect(degraded.message).toMatch(
      /Deployment\/shop\/api was reverted 6 times in 60s and field manager "autoscaler-x"/,
    );
    expect(s.conditions!.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'DriftFight',
    });
    expect(eventsOf(report).map((e) => e[1])).toEqual(['DriftReverted', 'DriftFight']);
    // Without fights there is no Degraded condition.
    const calm = foldStatus(env, { ...report, fights: [] }, 't')!;
    expect(calm.conditions!.map((c) => c.type)).not.toContain('Degraded');
  });
});
