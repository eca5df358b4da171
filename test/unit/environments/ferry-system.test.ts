/**
 * The shop platform's ferry-system folder: the operator's own install and one Environment per
 * environment, built from environments/platform.ts.
 */
import { parse } from 'yaml';
import { FERRY_VERSION, type KubeObject } from '../../../constructs';
import { synthAll } from '../../../constructs/synth';
import { allEnvironments, Dev, OPERATOR_IMAGE, PLATFORM_SOURCE } from '../../../environments';
import { find, loose, objectsOf } from '../constructs/helpers';

const system = (context = {}) =>
  synthAll(allEnvironments(context), null).find((o) => o.name === 'ferry-system')!;
const out = system();
const objs = objectsOf(out);
const spec = (name: string) => loose(find(objs, 'Environment', name)).spec;
const deployment = loose(find(objs, 'Deployment', 'ferry-operator'));
const container = deployment.spec.template.spec.containers[0];

describe('ferry-system of the shop platform', () => {
  it('is an ordinary deploy folder: environment.json with its destination and sync policy', () => {
    const json = JSON.parse(out.files.find(([p]) => p === 'environment.json')![1]);
    expect(json).toMatchObject({
      name: 'ferry-system',
      destination: { cluster: 'local', namespace: 'ferry-system' },
      syncPolicy: { automated: true, prune: true },
    });
  });

  it('holds the Namespace, CRD, ServiceAccount, RBAC, Deployment, Service and PodDisruptionBudget', () => {
    const kinds = new Set(
      objs.filter((o) => o.kind !== 'Environment').map((o) => `${o.kind}/${o.metadata.name}`),
    );
    expect([...kinds].sort()).toEqual([
      'ClusterRole/ferry-operator-apply',
      'ClusterRole/ferry-operator-read',
      'ClusterRoleBinding/ferry-operator-apply',
      'ClusterRoleBinding/ferry-operator-read',
      'CustomResourceDefinition/environments.ferry.dev',
      'Deployment/ferry-operator',
      'Namespace/ferry-system',
      'PodDisruptionBudget/ferry-operator',
      'Role/ferry-operator',
      'RoleBinding/ferry-operator',
      'Service/ferry-operator',
      'ServiceAccount/ferry-operator',
    ]);
    expect(find(objs, 'Namespace', 'ferry-system').metadata.annotations).toEqual({
      'ferry.dev/sync-options': 'Prune=false',
    });
  });

  it('has one Environment per environment, itself included, in ferry-system', () => {
    const envs = objs.filter((o) => o.kind === 'Environment');
    expect(envs.map((o) => o.metadata.name).sort()).toEqual(
      ['dev', 'ferry-system', 'preview-feature-login-df7c7aeb', 'production', 'staging'].sort(),
    );
    for (const e of envs) {
      expect(e.apiVersion).toBe('ferry.dev/v1alpha1');
      expect(e.metadata.namespace).toBe('ferry-system');
      expect(loose(e).spec.source).toEqual({
        repo: PLATFORM_SOURCE.repo,
        branch: 'deploy',
        path: e.metadata.name,
      });
    }
  });

  it('applies environments of the operator cluster in-cluster and the others through cluster Secrets', () => {
    expect(spec('dev').destination).toEqual({ cluster: 'in-cluster', namespace: 'shop-dev' });
    expect(spec('preview-feature-login-df7c7aeb').destination.cluster).toBe('in-cluster');
    expect(spec('staging').destination).toEqual({ cluster: 'staging', namespace: 'shop-staging' });
    expect(spec('production').destination).toEqual({ cluster: 'production', namespace: 'shop' });
    expect(spec('ferry-system').destination).toEqual({ cluster: 'in-cluster', namespace: 'ferry-system' });
  });

  it('takes sync policy and interval from the class; previews are deleted with their Environment', () => {
    expect(spec('dev').syncPolicy).toEqual(new Dev().syncPolicy);
    expect(spec('ferry-system').syncPolicy).toEqual({
      automated: true,
      prune: true,
      selfHeal: false,
      allowEmpty: false,
    });
    expect(spec('dev').interval).toBe('1m');
    expect(spec('preview-feature-login-df7c7aeb').deletionPolicy).toBe('Delete');
    for (const name of ['dev', 'staging', 'production', 'ferry-system'])
      expect(spec(name).deletionPolicy).toBe('Orphan');
  });

  it('leaves suspend, revision, pinReason and timeout to the people running it', () => {
    for (const e of objs.filter((o) => o.kind === 'Environment')) {
      expect(Object.keys(loose(e).spec).sort()).toEqual([
        'deletionPolicy',
        'destination',
        'interval',
        'source',
        'syncPolicy',
      ]);
    }
  });

  it('runs 2 operator replicas, non-root on a read-only root filesystem, probed on port 8080', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
    });
    expect(deployment.spec.template.spec.serviceAccountName).toBe('ferry-operator');
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    expect(container.args).toEqual(['operator', '--namespace', 'ferry-system', '--port', '8080']);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.resources.requests).toEqual({ cpu: '100m', memory: '256Mi' });
    expect(container.env).toContainEqual({
      name: 'FERRY_OPERATOR_IDENTITY',
      valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
    });
    expect(loose(find(objs, 'Service', 'ferry-operator')).spec.ports).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP', targetPort: 'http' },
    ]);
    expect(loose(find(objs, 'PodDisruptionBudget', 'ferry-operator')).spec.minAvailable).toBe(1);
  });

  it('reads the deploy repository and branch of FERRY_DEPLOY_REPO and FERRY_DEPLOY_BRANCH (the synth context)', () => {
    const local = objectsOf(system({ deployRepo: 'file:///srv/git/shop-deploy.git', deployBranch: 'try' }));
    for (const e of local.filter((o) => o.kind === 'Environment'))
      expect(loose(e).spec.source).toMatchObject({ repo: 'file:///srv/git/shop-deploy.git', branch: 'try' });
  });

  it("runs the image of Ferry's version unless FERRY_OPERATOR_IMAGE (the synth context) says otherwise", () => {
    expect(container.image).toBe(`ghcr.io/acme-shop/ferry-operator:${FERRY_VERSION}`);
    expect(OPERATOR_IMAGE).toBe(container.image);
    const other = objectsOf(system({ operatorImage: 'registry.example.com/ferry:sha-abc' }));
    const image = (o: KubeObject[]) =>
      loose(find(o, 'Deployment', 'ferry-operator')).spec.template.spec.containers[0].image;
    expect(image(other)).toBe('registry.example.com/ferry:sha-abc');
  });

  it('may write what the shop environments applied in-cluster write, and no Secrets cluster-wide', () => {
    const rules = loose(find(objs, 'ClusterRole', 'ferry-operator-apply')).rules as Array<{
      apiGroups: string[];
      resources: string[];
      resourceNames?: string[];
    }>;
    const writable = rules
      .filter((r) => !r.resourceNames)
      .flatMap((r) => r.resources.map((x) => `${r.apiGroups[0]}/${x}`));
    for (const r of [
      'apps/deployments',
      'batch/cronjobs',
      'networking.k8s.io/ingresses',
      'ferry.dev/environments',
    ])
      expect(writable).toContain(r);
    expect(writable).not.toContain('/secrets');
    expect(parse(out.files.find(([p]) => p.includes('ferry-operator-read'))![1]).rules[0].resources).toEqual([
      '*',
    ]);
  });
});
