/**
 * The operator's RBAC, computed at synth from what the environments it applies in its own cluster
 * write: a platform with a custom kind (its CRD in one environment), RBAC objects of its own, an
 * environment in another cluster, and a kind nobody defines.
 */
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { FerrySystem, type EnvironmentChart, type KubeObject } from '../../../constructs';
import type { FerrySystemProps } from '../../../constructs/operator';
import { synthAll } from '../../../constructs/synth';
import { find, loose, objectsOf, TestEnv } from './helpers';

const gadgetCrd = (chart: EnvironmentChart) =>
  new ApiObject(chart, 'gadget-crd', {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'gadgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { kind: 'Gadget', plural: 'gadgets', singular: 'gadget', listKind: 'GadgetList' },
      versions: [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
      ],
    },
  });

/** Defines the Gadget kind and a Role. */
const platformCrds = new TestEnv(
  (chart) => {
    gadgetCrd(chart);
    new k8s.KubeRole(chart, 'reader', {
      metadata: { name: 'gadget-reader' },
      rules: [{ apiGroups: ['example.com'], resources: ['gadgets'], verbs: ['get'] }],
    });
  },
  { name: 'crds' },
);

/** Writes a Gadget and binds roles. */
const app = new TestEnv(
  (chart) => {
    new ApiObject(chart, 'gadget', {
      apiVersion: 'example.com/v1',
      kind: 'Gadget',
      metadata: { name: 'g1' },
    });
    new k8s.KubeRoleBinding(chart, 'binding', {
      metadata: { name: 'read-gadgets' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'Group', name: 'developers' }],
    });
  },
  { name: 'app' },
);

/** In another cluster: its kinds are not the operator's business here. */
class Remote extends TestEnv {
  override readonly destination = { cluster: 'far', namespace: 'ns-remote' };
}
const remote = new Remote(
  (chart) => {
    new ApiObject(chart, 'sprocket', {
      apiVersion: 'far.example.com/v1',
      kind: 'Sprocket',
      metadata: { name: 's' },
    });
    new k8s.KubeSecret(chart, 'secret', { metadata: { name: 'remote-only' } });
  },
  { name: 'remote' },
);

const props = (environments: TestEnv[], extra: Partial<FerrySystemProps> = {}): FerrySystemProps => ({
  source: { repo: 'https://git.example.com/deploy.git' },
  operator: { image: 'registry.example.com/ferry-operator:1.0.0', cluster: 'local' },
  environments,
  ...extra,
});

function system(environments: TestEnv[], extra: Partial<FerrySystemProps> = {}) {
  const all = [...environments, new FerrySystem(props(environments, extra))];
  return synthAll(all, null).find((o) => o.name === 'ferry-system')!;
}

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };
const rulesOf = (objs: KubeObject[], kind: string, name: string): Rule[] =>
  loose(find(objs, kind, name)).rules;
const writable = (rules: Rule[], group: string) =>
  rules.filter((r) => r.apiGroups[0] === group && !r.resourceNames).flatMap((r) => r.resources);

describe('the operator RBAC', () => {
  const objs = objectsOf(system([platformCrds, app, remote]));
  const apply = rulesOf(objs, 'ClusterRole', 'ferry-operator-apply');

  it('reads everything', () => {
    expect(rulesOf(objs, 'ClusterRole', 'ferry-operator-read')).toEqual([
      { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
    ]);
  });

  it('writes a custom kind under the plural of its CRD, found in another environment', () => {
    expect(apply).toContainEqual({
      apiGroups: ['example.com'],
      resources: ['gadgets'],
      verbs: ['create', 'delete', 'patch', 'update'],
    });
    expect(writable(apply, 'apiextensions.k8s.io')).toEqual(['customresourcedefinitions']);
  });

  it('writes exactly the kinds written in its cluster, plus hook Jobs and Pods', () => {
    expect(writable(apply, '')).toEqual(['namespaces', 'pods', 'serviceaccounts', 'services']);
    expect(writable(apply, 'batch')).toEqual(['jobs']);
    expect(apply.map((r) => r.apiGroups[0])).not.toContain('far.example.com');
    expect(writable(apply, '')).not.toContain('secrets'); // only the remote environment has one
  });

  it('may escalate exactly the roles the platform defines and bind the roles it grants', () => {
    const named = (verb: string, resource: string) =>
      apply.find((r) => r.verbs.includes(verb) && r.resources.includes(resource))?.resourceNames;
    expect(named('escalate', 'roles')).toEqual(['ferry-operator', 'gadget-reader']);
    expect(named('escalate', 'clusterroles')).toEqual(['ferry-operator-apply', 'ferry-operator-read']);
    expect(named('bind', 'clusterroles')).toEqual(['ferry-operator-apply', 'ferry-operator-read', 'view']);
    expect(named('bind', 'roles')).toEqual(['ferry-operator']);
  });

  it('keeps its own state in ferry-system: Environments and status, Leases, Events, ConfigMaps, Secrets', () => {
    const role = rulesOf(objs, 'Role', 'ferry-operator');
    expect(find(objs, 'Role', 'ferry-operator').metadata.namespace).toBe('ferry-system');
    const resources = role.flatMap((r) => r.resources.map((res) => `${r.apiGroups[0]}/${res}`));
    expect(resources.sort()).toEqual([
      '/configmaps',
      '/events',
      '/secrets',
      'coordination.k8s.io/leases',
      'events.k8s.io/events',
      'ferry.dev/environments',
      'ferry.dev/environments/finalizers',
      'ferry.dev/environments/status',
    ]);
  });

  it('binds all three roles to the ferry-operator ServiceAccount', () => {
    for (const [kind, name] of [
      ['ClusterRoleBinding', 'ferry-operator-read'],
      ['ClusterRoleBinding', 'ferry-operator-apply'],
      ['RoleBinding', 'ferry-operator'],
    ]) {
      expect(loose(find(objs, kind, name)).subjects).toEqual([
        { kind: 'ServiceAccount', name: 'ferry-operator', namespace: 'ferry-system' },
      ]);
    }
  });

  it('refuses a kind whose plural nobody knows, naming it, and accepts a declared plural', () => {
    const things = new TestEnv(
      (chart) => {
        new ApiObject(chart, 'thing', {
          apiVersion: 'example.org/v1',
          kind: 'Thing',
          metadata: { name: 't' },
        });
      },
      { name: 'things' },
    );
    const failed = system([things]);
    expect(failed.files).toEqual([]);
    expect(failed.issues).toEqual([
      expect.objectContaining({
        env: 'ferry-system',
        field: 'operator RBAC',
        problem: expect.stringContaining('kind Thing.example.org is written by an environment'),
      }),
    ]);
    const declared = system([things], { declaredPlurals: { 'Thing.example.org': 'things' } });
    expect(
      writable(rulesOf(objectsOf(declared), 'ClusterRole', 'ferry-operator-apply'), 'example.org'),
    ).toEqual(['things']);
  });

  it('does not depend on the order the environments are listed in, and is byte-identical on re-synth', () => {
    const a = system([platformCrds, app, remote]);
    const b = system([remote, app, platformCrds]);
    expect(a.issues).toEqual([]);
    const rbac = (o: typeof a) => o.files.filter(([p]) => p.includes('rbac'));
    expect(rbac(b)).toEqual(rbac(a));
    expect(system([platformCrds, app, remote]).files).toEqual(a.files);
  });
});
