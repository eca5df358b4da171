import { buildPlan, describePlan } from '../../../../operator/plan';
import { DEFAULT_SYNC_OPTIONS, PruneRefusedError, type PruneTarget } from '../../../../operator/model';
import { desired, hook } from '../fixtures';

function target(
  group: string,
  kind: string,
  name: string,
  o: { wave?: number; pruneLast?: boolean; prune?: boolean } = {},
): PruneTarget {
  return {
    ref: kind === 'Namespace' ? { group, kind, name } : { group, kind, namespace: 'shop-dev', name },
    wave: o.wave ?? 0,
    syncOptions: { ...DEFAULT_SYNC_OPTIONS, pruneLast: o.pruneLast ?? false, prune: o.prune ?? true },
  };
}

describe('buildPlan prune steps', () => {
  const keep = desired('ConfigMap', 'keep');

  it('prunes after the Sync phase and before PostSync: high wave first, reverse kind order, PruneLast at the end', () => {
    const plan = buildPlan(
      [keep, desired('Job', 'smoke', { annotations: hook('PostSync') })],
      [
        target('', 'ConfigMap', 'old-config'),
        target('', 'Namespace', 'old-ns', { wave: -1 }),
        target('apps', 'Deployment', 'old-api'),
        target('example.com', 'Widget', 'old-widget'),
        target('', 'Secret', 'last', { pruneLast: true }),
        target('', 'Service', 'late', { wave: 3 }),
        target('', 'ConfigMap', 'last-too', { pruneLast: true, wave: 2 }),
      ],
      { prune: true },
    );
    expect(describePlan(plan)).toEqual([
      'apply Sync wave 0: ConfigMap/shop-dev/keep',
      'wait Sync wave 0: ConfigMap/shop-dev/keep',
      'prune wave 3: Service/shop-dev/late',
      'prune wave 0: Widget/shop-dev/old-widget, Deployment/shop-dev/old-api, ConfigMap/shop-dev/old-config',
      'prune wave -1: Namespace/old-ns',
      'prune last: ConfigMap/shop-dev/last-too, Secret/shop-dev/last',
      'PostSync hook wave 0: Job/shop-dev/smoke',
    ]);
  });

  it('never prunes Prune=false objects', () => {
    const plan = buildPlan([keep], [target('', 'ConfigMap', 'precious', { prune: false })], { prune: true });
    expect(plan.steps.filter((s) => s.type === 'prune')).toEqual([]);
    expect(plan.skipped).toEqual([
      { ref: target('', 'ConfigMap', 'precious').ref, reason: { kind: 'prune-false' } },
    ]);
  });

  it('reports targets as skipped when pruning is disabled (the default)', () => {
    const plan = buildPlan([keep], [target('', 'ConfigMap', 'old')]);
    expect(describePlan(plan).slice(2)).toEqual([
      'skip ConfigMap/shop-dev/old: pruning is disabled (syncPolicy.prune is false; pass --prune to delete)',
    ]);
  });

  it('never prunes a target that is still desired', () => {
    const plan = buildPlan([keep], [target('', 'ConfigMap', 'keep')], { prune: true });
    expect(describePlan(plan)).toEqual([
      'apply Sync wave 0: ConfigMap/shop-dev/keep',
      'wait Sync wave 0: ConfigMap/shop-dev/keep',
      'skip ConfigMap/shop-dev/keep: still desired',
    ]);
  });

  it('refuses to prune everything when the desired set is empty, unless allowEmpty', () => {
    const targets = [target('', 'ConfigMap', 'a'), target('apps', 'Deployment', 'b')];
    expect(() => buildPlan([], targets, { prune: true })).toThrow(PruneRefusedError);
    expect(() => buildPlan([], targets, { prune: true })).toThrow(
      'refusing to prune 2 objects: the desired set is empty and allowEmpty is false. If removing everything is intended, set syncPolicy.allowEmpty.',
    );
    expect(describePlan(buildPlan([], targets, { prune: true, allowEmpty: true }))).toEqual([
      'prune wave 0: Deployment/shop-dev/b, ConfigMap/shop-dev/a',
    ]);
  });

  it('does not refuse an empty desired set when nothing would be pruned', () => {
    expect(buildPlan([], [target('', 'ConfigMap', 'a')]).steps).toEqual([]);
    expect(buildPlan([], [], { prune: true }).steps).toEqual([]);
  });
});
