/**
 * The whole synthesised dist/ferry-system/ passes a server-side dry run (Deployment, RBAC, PDB,
 * Service and Environments as the API server validates them), and its RBAC, applied under
 * test-specific names and bound to a test ServiceAccount, allows exactly what the design says:
 * read everything, write the kinds the in-cluster environments write, keep state in ferry-system,
 * escalate and bind only its own roles.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { KubeObject } from '../../../constructs';
import { freshNamespace, kubectl, kubectlRaw } from '../helpers';
import { installCrd, synthSystem, type SynthesisedSystem } from './install';

const ns = freshNamespace();
const prefix = `t-${process.pid}-ferry-operator`;
let system: SynthesisedSystem;
let rbac: KubeObject[] = [];

beforeAll(async () => {
  system = await synthSystem();
  await installCrd(system);
});
afterAll(async () => {
  for (const o of rbac) {
    const where = o.metadata.namespace ? ['-n', o.metadata.namespace] : [];
    await kubectlRaw([
      'delete',
      o.kind.toLowerCase(),
      o.metadata.name,
      ...where,
      '--ignore-not-found',
      '--wait=false',
    ]);
  }
  system?.dispose();
});

test('kubectl apply --dry-run=server accepts the whole folder', async () => {
  const r = await kubectlRaw([
    'apply',
    '--server-side',
    '--force-conflicts',
    '--dry-run=server',
    '--field-manager=ferry-install-test',
    '-f',
    `${system.dir}/manifests`,
  ]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(system.objects.length);
  expect(lines).toContain('deployment.apps/ferry-operator serverside-applied (server dry run)');
  expect(lines).toContain(
    'clusterrole.rbac.authorization.k8s.io/ferry-operator-apply serverside-applied (server dry run)',
  );
});

/** The RBAC objects of ferry-system, renamed to `prefix` and bound to a ServiceAccount of the test namespace. */
function renamedRbac(): KubeObject[] {
  const rename = (name: string) => name.replace(/^ferry-operator/, prefix);
  return system.objects
    .filter((o) => o.apiVersion.startsWith('rbac.authorization.k8s.io/'))
    .map((o) => {
      const copy = JSON.parse(JSON.stringify(o)) as KubeObject & {
        rules?: Array<{ resourceNames?: string[] }>;
        roleRef?: { name: string };
        subjects?: Array<{ name: string; namespace?: string }>;
      };
      copy.metadata.name = rename(copy.metadata.name);
      for (const r of copy.rules ?? []) if (r.resourceNames) r.resourceNames = r.resourceNames.map(rename);
      if (copy.roleRef) copy.roleRef.name = rename(copy.roleRef.name);
      for (const s of copy.subjects ?? []) Object.assign(s, { name: prefix, namespace: ns.name });
      return copy;
    });
}

describe('the operator RBAC, as the API server authorises it', () => {
  const as = () => `system:serviceaccount:${ns.name}:${prefix}`;
  const can = async (...args: string[]) => {
    const r = await kubectlRaw(['auth', 'can-i', ...args, '--as', as()]);
    return r.stdout.trim();
  };

  beforeAll(async () => {
    rbac = renamedRbac();
    await kubectl(['create', 'serviceaccount', prefix, '-n', ns.name]);
    await kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: rbac }),
    });
  });

  it('was synthesised with the names the test renames', () => {
    const names = system.objects
      .filter((o) => o.apiVersion.startsWith('rbac'))
      .map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names.sort()).toEqual([
      'ClusterRole/ferry-operator-apply',
      'ClusterRole/ferry-operator-read',
      'ClusterRoleBinding/ferry-operator-apply',
      'ClusterRoleBinding/ferry-operator-read',
      'Role/ferry-operator',
      'RoleBinding/ferry-operator',
    ]);
    expect(parse(readFileSync(system.file('Role', 'ferry-operator'), 'utf8')).metadata.namespace).toBe(
      'ferry-system',
    );
  });

  it.each([
    ['get', 'secrets', '--all-namespaces'],
    ['watch', 'statefulsets.apps', '--all-namespaces'],
    ['list', 'pods', '-n', 'kube-system'],
  ])('reads everything: %s %s %s', async (...args) => {
    expect(await can(...args)).toBe('yes');
  });

  it.each([
    ['create', 'deployments.apps', '-n', 'shop-dev'],
    ['patch', 'cronjobs.batch', '-n', 'shop-preview-x'],
    ['delete', 'horizontalpodautoscalers.autoscaling', '-n', 'shop-dev'],
    ['create', 'namespaces'],
    ['update', 'customresourcedefinitions.apiextensions.k8s.io'],
    ['create', 'jobs.batch', '-n', 'shop-dev'],
    ['delete', 'pods', '-n', 'shop-dev'],
    ['patch', 'environments.ferry.dev', '-n', 'ferry-system'],
  ])('writes what the in-cluster environments write: %s %s', async (...args) => {
    expect(await can(...args)).toBe('yes');
  });

  it.each([
    ['create', 'secrets', '-n', 'shop-dev'],
    ['create', 'statefulsets.apps', '-n', 'shop-dev'],
    ['delete', 'nodes'],
    ['create', 'persistentvolumes'],
    ['update', 'leases.coordination.k8s.io', '-n', 'default'],
    ['escalate', 'clusterroles/cluster-admin'],
    ['bind', 'clusterroles/cluster-admin'],
  ])('writes nothing else: %s %s', async (...args) => {
    expect(await can(...args)).toBe('no');
  });

  it.each([
    ['create', 'secrets', '-n', 'ferry-system'],
    ['update', 'configmaps', '-n', 'ferry-system'],
    ['update', 'leases.coordination.k8s.io', '-n', 'ferry-system'],
    ['create', 'events', '-n', 'ferry-system'],
    ['patch', 'environments.ferry.dev', '--subresource=status', '-n', 'ferry-system'],
    ['update', 'environments.ferry.dev', '--subresource=finalizers', '-n', 'ferry-system'],
  ])('keeps its state in ferry-system: %s %s', async (...args) => {
    expect(await can(...args)).toBe('yes');
  });

  it('may escalate and bind its own roles (to upgrade itself), by name', async () => {
    expect(await can('escalate', `clusterroles/${prefix}-apply`)).toBe('yes');
    expect(await can('bind', `clusterroles/${prefix}-read`)).toBe('yes');
    expect(await can('escalate', `roles/${prefix}`, '-n', 'ferry-system')).toBe('yes');
  });
});
