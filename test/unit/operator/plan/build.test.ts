import { KIND_ORDER, LAST_KINDS, buildPlan, describePlan } from '../../../../operator/plan';
import { DependencyCycleError, PlanError } from '../../../../operator/model';
import { crd, desired, hook, wave } from '../fixtures';

const deps = (...refs: string[]) => ({ 'ferry.dev/depends-on': refs.join(',') });

describe('buildPlan ordering', () => {
  it('orders the example environment: PreSync (with its Namespace and Secret), Sync, PostSync, SyncFail apart', () => {
    const plan = buildPlan([
      desired('Deployment', 'public-api'),
      desired('Job', 'smoke', { annotations: hook('PostSync', 'HookSucceeded') }),
      desired('Service', 'public-api'),
      desired('Job', 'migrate', { annotations: { ...hook('PreSync'), ...deps('/Secret/shop-dev/db') } }),
      desired('ConfigMap', 'settings'),
      desired('Job', 'notify', { annotations: hook('SyncFail') }),
      desired('Secret', 'db'),
      desired('Namespace', 'shop-dev'),
    ]);
    expect(describePlan(plan)).toEqual([
      'apply PreSync wave 0: Namespace/shop-dev',
      'wait PreSync wave 0: Namespace/shop-dev',
      'apply PreSync wave 0: Secret/shop-dev/db',
      'wait PreSync wave 0: Secret/shop-dev/db',
      'PreSync hook wave 0: Job/shop-dev/migrate',
      'apply Sync wave 0: ConfigMap/shop-dev/settings, Service/shop-dev/public-api, Deployment/shop-dev/public-api',
      'wait Sync wave 0: ConfigMap/shop-dev/settings, Service/shop-dev/public-api, Deployment/shop-dev/public-api',
      'PostSync hook wave 0: Job/shop-dev/smoke',
      'on failure: SyncFail hook wave 0: Job/shop-dev/notify',
    ]);
    const hookStep = plan.steps.find((s) => s.type === 'hook' && s.phase === 'PostSync');
    expect(hookStep?.type === 'hook' && hookStep.objects[0]!.sync.hook).toEqual({
      kind: 'hook',
      phases: ['PostSync'],
      deletePolicies: ['HookSucceeded'],
    });
  });

  it('runs waves lowest first, negative waves included', () => {
    const plan = buildPlan([
      desired('ConfigMap', 'b', { annotations: wave(2) }),
      desired('ConfigMap', 'a'),
      desired('ConfigMap', 'c', { annotations: wave(-1) }),
    ]);
    expect(describePlan(plan)).toEqual([
      'apply Sync wave -1: ConfigMap/shop-dev/c',
      'wait Sync wave -1: ConfigMap/shop-dev/c',
      'apply Sync wave 0: ConfigMap/shop-dev/a',
      'wait Sync wave 0: ConfigMap/shop-dev/a',
      'apply Sync wave 2: ConfigMap/shop-dev/b',
      'wait Sync wave 2: ConfigMap/shop-dev/b',
    ]);
  });

  it('follows the kind order, then other kinds by kind name, then webhooks and policies, then name', () => {
    const kinds = [...KIND_ORDER, 'Zebra', ...LAST_KINDS, 'Alpaca'];
    const shuffled = [...kinds]
      .reverse()
      .flatMap((k) => [desired(k, 'b', { namespace: null }), desired(k, 'a', { namespace: null })]);
    const [apply] = buildPlan(shuffled).steps;
    expect(apply?.type === 'apply' && apply.objects.map((o) => `${o.ref.kind}/${o.ref.name}`)).toEqual(
      [...KIND_ORDER, 'Alpaca', 'Zebra', ...LAST_KINDS].flatMap((k) => [`${k}/a`, `${k}/b`]),
    );
    expect(LAST_KINDS).toEqual([
      'MutatingWebhookConfiguration',
      'ValidatingWebhookConfiguration',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
    ]);
    expect(KIND_ORDER).toEqual([
      'Namespace',
      'PriorityClass',
      'RuntimeClass',
      'NetworkPolicy',
      'ResourceQuota',
      'LimitRange',
      'PodDisruptionBudget',
      'ServiceAccount',
      'Secret',
      'ConfigMap',
      'StorageClass',
      'PersistentVolume',
      'PersistentVolumeClaim',
      'CustomResourceDefinition',
      'ClusterRole',
      'ClusterRoleBinding',
      'Role',
      'RoleBinding',
      'Service',
      'DaemonSet',
      'Pod',
      'ReplicationController',
      'ReplicaSet',
      'Deployment',
      'HorizontalPodAutoscaler',
      'StatefulSet',
      'Job',
      'CronJob',
      'IngressClass',
      'Ingress',
      'APIService',
    ]);
  });

  it('is deterministic whatever the input order', () => {
    const objects = [
      desired('Namespace', 'shop-dev', { annotations: wave(1) }),
      desired('Deployment', 'api', { annotations: wave(-2) }),
      desired('ConfigMap', 'x'),
      desired('Job', 'pre', { annotations: hook('PreSync') }),
    ];
    expect(describePlan(buildPlan([...objects].reverse()))).toEqual(describePlan(buildPlan(objects)));
  });

  it('applies depends-on targets first, in their own level of the wave', () => {
    const plan = buildPlan([
      desired('Deployment', 'api', { annotations: deps('apps/Deployment/shop-dev/db') }),
      desired('Deployment', 'db'),
      desired('ConfigMap', 'unrelated'),
    ]);
    expect(describePlan(plan)).toEqual([
      'apply Sync wave 0: ConfigMap/shop-dev/unrelated, Deployment/shop-dev/db',
      'wait Sync wave 0: ConfigMap/shop-dev/unrelated, Deployment/shop-dev/db',
      'apply Sync wave 0: Deployment/shop-dev/api',
      'wait Sync wave 0: Deployment/shop-dev/api',
    ]);
  });

  it('moves a dependency in a later wave up to its dependent', () => {
    const plan = buildPlan([
      desired('Deployment', 'api', { annotations: { ...wave(1), ...deps('/ConfigMap/shop-dev/late') } }),
      desired('ConfigMap', 'late', { annotations: wave(5) }),
    ]);
    expect(describePlan(plan)).toEqual([
      'apply Sync wave 1: ConfigMap/shop-dev/late',
      'wait Sync wave 1: ConfigMap/shop-dev/late',
      'apply Sync wave 1: Deployment/shop-dev/api',
      'wait Sync wave 1: Deployment/shop-dev/api',
    ]);
  });

  it('creates a Namespace before anything in it, even from a later wave', () => {
    const plan = buildPlan([
      desired('Namespace', 'shop-dev', { annotations: wave(3) }),
      desired('ConfigMap', 'c', { annotations: wave(-1) }),
    ]);
    expect(describePlan(plan)).toEqual([
      'apply Sync wave -1: Namespace/shop-dev',
      'wait Sync wave -1: Namespace/shop-dev',
      'apply Sync wave -1: ConfigMap/shop-dev/c',
      'wait Sync wave -1: ConfigMap/shop-dev/c',
    ]);
  });

  it('establishes a CRD before its custom resources, even from a later wave', () => {
    const plan = buildPlan([
      desired('Widget', 'w', { annotations: wave(-1), namespace: 'apps' }),
      crd('Widget', { annotations: wave(5) }),
      desired('ConfigMap', 'c', { annotations: wave(5) }),
    ]);
    expect(describePlan(plan)).toEqual([
      'apply Sync wave -1: CustomResourceDefinition/widgets.example.com',
      'wait Sync wave -1: CustomResourceDefinition/widgets.example.com',
      'apply Sync wave -1: Widget/apps/w',
      'wait Sync wave -1: Widget/apps/w',
      'apply Sync wave 5: ConfigMap/shop-dev/c',
      'wait Sync wave 5: ConfigMap/shop-dev/c',
    ]);
  });

  it('runs a hook in every phase it names', () => {
    const plan = buildPlan([desired('Pod', 'check', { annotations: hook('PreSync,PostSync') })]);
    expect(describePlan(plan)).toEqual([
      'PreSync hook wave 0: Pod/shop-dev/check',
      'PostSync hook wave 0: Pod/shop-dev/check',
    ]);
  });

  it('runs Sync hooks alongside the objects of their wave', () => {
    const plan = buildPlan([
      desired('Job', 'seed', { annotations: hook('Sync') }),
      desired('ConfigMap', 'c'),
    ]);
    expect(describePlan(plan)).toEqual([
      'apply Sync wave 0: ConfigMap/shop-dev/c',
      'Sync hook wave 0: Job/shop-dev/seed',
      'wait Sync wave 0: ConfigMap/shop-dev/c',
    ]);
  });

  it('never applies Argo Skip hooks', () => {
    const plan = buildPlan([
      desired('ConfigMap', 'c', { annotations: { 'argocd.argoproj.io/hook': 'Skip' } }),
    ]);
    expect(describePlan(plan)).toEqual(['skip ConfigMap/shop-dev/c: hook: Skip']);
  });

  it('plans nothing for an empty desired set', () => {
    expect(buildPlan([])).toEqual({ steps: [], onFailure: [], skipped: [] });
  });
});

describe('buildPlan errors', () => {
  it('names a depends-on cycle', () => {
    const build = () =>
      buildPlan([
        desired('ConfigMap', 'a', { annotations: deps('apps/Deployment/shop-dev/b') }),
        desired('Deployment', 'b', { annotations: deps('/ConfigMap/shop-dev/a') }),
      ]);
    expect(build).toThrow(DependencyCycleError);
    expect(build).toThrow(
      /^dependency cycle: ConfigMap\/shop-dev\/a -> Deployment\/shop-dev\/b -> ConfigMap\/shop-dev\/a;/,
    );
  });

  it('counts the implicit Namespace edge in cycles', () => {
    const build = () =>
      buildPlan([
        desired('Namespace', 'shop-dev', { annotations: deps('/ConfigMap/shop-dev/a') }),
        desired('ConfigMap', 'a'),
      ]);
    expect(build).toThrow(
      /dependency cycle: ConfigMap\/shop-dev\/a -> Namespace\/shop-dev -> ConfigMap\/shop-dev\/a/,
    );
  });

  it('rejects depends-on refs outside the environment', () => {
    expect(() =>
      buildPlan([desired('ConfigMap', 'a', { annotations: deps('/Secret/shop-dev/missing') })]),
    ).toThrow(
      'ConfigMap/shop-dev/a (manifests/shop-dev--configmap--a.yaml) depends on /Secret/shop-dev/missing, which is not part of this environment',
    );
  });

  it('rejects a dependency on a hook that runs later', () => {
    const build = () =>
      buildPlan([
        desired('ConfigMap', 'a', { annotations: deps('batch/Job/shop-dev/smoke') }),
        desired('Job', 'smoke', { annotations: hook('PostSync') }),
      ]);
    expect(build).toThrow(PlanError);
    expect(build).toThrow(
      'ConfigMap/shop-dev/a (Sync wave 0) depends on hook Job/shop-dev/smoke, which runs later (PostSync wave 0): move the hook earlier or drop the dependency',
    );
  });
});
