import { checkKinds, namespacesToCreate, type KnownKinds } from '../../../../operator/manifests';
import { ManifestError } from '../../../../operator/model';
import { crd, desired } from '../fixtures';

const SERVER: Record<string, boolean> = {
  '/Namespace': false,
  '/ConfigMap': true,
  'apps/Deployment': true,
  'rbac.authorization.k8s.io/ClusterRole': false,
  'apiextensions.k8s.io/CustomResourceDefinition': false,
};
const known: KnownKinds = (group, kind) => {
  const namespaced = SERVER[`${group}/${kind}`];
  return namespaced === undefined ? undefined : { namespaced };
};
const opts = { defaultNamespace: 'shop-dev' };

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ManifestError) return err.problems.map((p) => `${p.file}: ${p.object}: ${p.message}`);
    throw err;
  }
  throw new Error('expected a ManifestError');
}

describe('checkKinds', () => {
  it('defaults the namespace of namespaced objects to the destination namespace', () => {
    const [cm, ns] = checkKinds(
      [desired('ConfigMap', 'settings', { namespace: null }), desired('Namespace', 'shop-dev')],
      known,
      opts,
    );
    expect(cm!.ref.namespace).toBe('shop-dev');
    expect(cm!.manifest.metadata.namespace).toBe('shop-dev');
    expect(ns!.ref.namespace).toBeUndefined();
  });

  it('keeps an explicit namespace', () => {
    const [cm] = checkKinds([desired('ConfigMap', 'settings', { namespace: 'other' })], known, opts);
    expect(cm!.ref.namespace).toBe('other');
  });

  it('rejects kinds the server does not know, naming file and object', () => {
    expect(problems(() => checkKinds([desired('Widget', 'w')], known, opts))).toEqual([
      'manifests/shop-dev--widget--w.yaml: Widget/shop-dev/w: kind Widget (apiVersion example.com/v1) is not served by the API server and no CustomResourceDefinition in this environment defines it: check the apiVersion or add the CRD',
    ]);
  });

  it('accepts custom resources whose CRD is in the same set, with the CRD scope', () => {
    const out = checkKinds(
      [
        crd('Widget'),
        desired('Widget', 'w', { namespace: null }),
        crd('Gadget', { scope: 'Cluster' }),
        desired('Gadget', 'g', { namespace: null }),
      ],
      known,
      opts,
    );
    expect(out.map((o) => `${o.ref.kind}/${o.ref.namespace ?? '-'}/${o.ref.name}`)).toEqual([
      'CustomResourceDefinition/-/widgets.example.com',
      'Widget/shop-dev/w',
      'CustomResourceDefinition/-/gadgets.example.com',
      'Gadget/-/g',
    ]);
  });

  it('rejects a custom resource version the CRD does not define', () => {
    expect(
      problems(() =>
        checkKinds([crd('Widget'), desired('Widget', 'w', { apiVersion: 'example.com/v2' })], known, opts),
      ),
    ).toEqual([
      'manifests/shop-dev--widget--w.yaml: Widget/shop-dev/w: version v2 is not defined by the CustomResourceDefinition (it defines v1)',
    ]);
  });

  it('rejects a namespace on a cluster-scoped object', () => {
    expect(
      problems(() => checkKinds([desired('ClusterRole', 'reader', { namespace: 'shop-dev' })], known, opts)),
    ).toEqual([
      'manifests/shop-dev--clusterrole--reader.yaml: ClusterRole/shop-dev/reader: ClusterRole is cluster-scoped but sets metadata.namespace "shop-dev": remove it',
    ]);
  });

  it('detects duplicates that appear once namespaces are defaulted', () => {
    const a = desired('ConfigMap', 'settings', { namespace: null });
    const b = desired('ConfigMap', 'settings', { namespace: 'shop-dev' });
    expect(problems(() => checkKinds([a, b], known, opts))).toEqual([
      `${a.file}: ConfigMap/shop-dev/settings: duplicate object: also declared in ${b.file}`,
    ]);
  });

  it('collects every problem before throwing', () => {
    expect(
      problems(() => checkKinds([desired('Widget', 'a'), desired('Gizmo', 'b')], known, opts)),
    ).toHaveLength(2);
  });
});

describe('served versions and Argo CD options', () => {
  const versioned: KnownKinds = (group, kind) =>
    group === 'autoscaling' && kind === 'HorizontalPodAutoscaler'
      ? { namespaced: true, versions: ['v2', 'v1'] }
      : known(group, kind);

  it('rejects an apiVersion the server no longer serves, naming the ones it does', () => {
    const hpa = desired('HorizontalPodAutoscaler', 'api', { apiVersion: 'autoscaling/v2beta2' });
    expect(problems(() => checkKinds([hpa], versioned, opts))).toEqual([
      `${hpa.file}: HorizontalPodAutoscaler/shop-dev/api: apiVersion autoscaling/v2beta2 is not served by the API server (it serves HorizontalPodAutoscaler in autoscaling/v2, autoscaling/v1): update the apiVersion`,
    ]);
  });

  it('accepts a custom resource of an unknown kind with SkipDryRunOnMissingResource=true', () => {
    const w = desired('Widget', 'w', {
      namespace: null,
      annotations: { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' },
    });
    expect(checkKinds([w], known, opts)[0]!.ref.namespace).toBe('shop-dev');
  });

  it('creates a namespace asked for with CreateNamespace=true, only when missing and undeclared, never pruned', () => {
    const cm = desired('ConfigMap', 'c', {
      namespace: 'new-ns',
      annotations: { 'argocd.argoproj.io/sync-options': 'CreateNamespace=true' },
    });
    const [ns] = namespacesToCreate([cm], () => false);
    expect(ns!.ref).toMatchObject({ kind: 'Namespace', name: 'new-ns' });
    expect(ns!.sync.syncOptions).toMatchObject({ prune: false, delete: false });
    expect(namespacesToCreate([cm], (n) => n === 'new-ns')).toEqual([]);
    expect(namespacesToCreate([cm, desired('Namespace', 'new-ns')], () => false)).toEqual([]);
  });
});
