import {
  ConfigBundle,
  EnvVar,
  Image,
  Probe,
  Sizing,
  WebService,
  type EnvironmentChart,
  type WebServiceProps,
} from '../../../constructs';
import { find, issuesOf, loose, synth } from './helpers';

const base: WebServiceProps = {
  image: Image.of('ghcr.io/acme/api', '1.2.3'),
  readiness: Probe.http('/ready'),
};
const api =
  (props: Partial<WebServiceProps> = {}) =>
  (chart: EnvironmentChart) =>
    new WebService(chart, 'api', { ...base, ...props });
/** The WebService plus the ConfigMaps it reads (references must resolve inside the environment). */
const withConfig =
  (props: Partial<WebServiceProps>, ...bundles: string[]) =>
  (chart: EnvironmentChart) => {
    for (const b of bundles) new ConfigBundle(chart, b, { data: { flag: 'on' } });
    return api(props)(chart);
  };

describe('WebService', () => {
  it('creates a Deployment, Service, ServiceAccount and PodDisruptionBudget selecting the same pods', () => {
    const objs = synth(api());
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/api',
      'Namespace/ns-test',
      'PodDisruptionBudget/api',
      'Service/api',
      'ServiceAccount/api',
    ]);
    const dep = loose(find(objs, 'Deployment', 'api'));
    const selector = { 'app.kubernetes.io/name': 'api' };
    expect(dep.spec.selector.matchLabels).toEqual(selector);
    expect(dep.spec.template.metadata.labels).toMatchObject(selector);
    expect(loose(find(objs, 'Service', 'api')).spec.selector).toEqual(selector);
    expect(loose(find(objs, 'PodDisruptionBudget', 'api')).spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: selector },
    });
    expect(dep.spec.template.spec.serviceAccountName).toBe('api');
    expect(dep.spec.replicas).toBe(2);
  });

  it('pins the image repository and tag', () => {
    const dep = loose(find(synth(api()), 'Deployment', 'api'));
    expect(dep.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/api:1.2.3');
    expect(dep.metadata.labels['app.kubernetes.io/version']).toBe('1.2.3');
  });

  it('adds an HPA with the given bounds and CPU target, and leaves replicas to it', () => {
    const objs = synth(api({ autoscaling: { minReplicas: 2, maxReplicas: 3, cpuTargetPercent: 60 } }));
    const hpa = loose(find(objs, 'HorizontalPodAutoscaler', 'api'));
    expect(hpa.spec.minReplicas).toBe(2);
    expect(hpa.spec.maxReplicas).toBe(3);
    expect(hpa.spec.metrics[0].resource).toEqual({
      name: 'cpu',
      target: { type: 'Utilization', averageUtilization: 60 },
    });
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' });
    expect(loose(find(objs, 'Deployment', 'api')).spec.replicas).toBeUndefined();
  });

  it('reports maxReplicas below minReplicas with environment, component and field', () => {
    expect(issuesOf(api({ autoscaling: { minReplicas: 3, maxReplicas: 2 } }))).toEqual([
      '[test/api] autoscaling.maxReplicas: (2) must be >= minReplicas (3)',
    ]);
  });

  it('reports every problem at once', () => {
    const issues = issuesOf(
      api({
        image: Image.of('ghcr.io/acme/api', 'latest'),
        autoscaling: { minReplicas: 0, maxReplicas: 1, cpuTargetPercent: 150 },
        ingress: { hosts: ['Not A Host'] },
      }),
    );
    expect(issues).toEqual([
      '[test/api] image.tag: must be pinned; "latest" is not allowed',
      '[test/api] autoscaling.minReplicas: (0) must be an integer >= 1',
      '[test/api] autoscaling.cpuTargetPercent: (150) must be an integer between 1 and 100',
      '[test/api] ingress.hosts: "Not A Host" is not a valid host name',
    ]);
  });

  it('can drop the PDB or change its budget', () => {
    expect(synth(api({ disruptionBudget: false })).some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
    const pdb = loose(
      find(synth(api({ disruptionBudget: { maxUnavailable: '50%' } })), 'PodDisruptionBudget', 'api'),
    );
    expect(pdb.spec.maxUnavailable).toBe('50%');
  });

  it('creates an Ingress with hosts, paths and a TLS secret reference', () => {
    const objs = synth(
      api({ ingress: { hosts: ['api.example.com'], tlsSecret: 'api-tls', paths: ['/v1', '/v2'] } }),
    );
    const ing = loose(find(objs, 'Ingress', 'api'));
    expect(ing.spec.tls).toEqual([{ hosts: ['api.example.com'], secretName: 'api-tls' }]);
    expect(ing.spec.rules[0].host).toBe('api.example.com');
    expect(ing.spec.rules[0].http.paths.map((p: { path: string }) => p.path)).toEqual(['/v1', '/v2']);
    expect(ing.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'api', port: { number: 80 } });
    expect(objs.some((o) => o.kind === 'Secret')).toBe(false);
  });

  it('creates a NetworkPolicy allowing the listed namespaces and CIDRs on the container port', () => {
    const objs = synth(
      api({ port: 9000, networkPolicy: { namespaces: ['ingress'], cidrs: ['10.0.0.0/8'] } }),
    );
    const np = loose(find(objs, 'NetworkPolicy', 'api'));
    expect(np.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'api' } });
    expect(np.spec.ingress).toEqual([
      {
        from: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } } },
          { ipBlock: { cidr: '10.0.0.0/8' } },
        ],
        ports: [{ port: 9000, protocol: 'TCP' }],
      },
    ]);
    expect(issuesOf(api({ networkPolicy: { cidrs: ['10.0.0.0/33'] } }))).toEqual([
      '[test/api] networkPolicy.cidrs: "10.0.0.0/33" is not an IPv4 CIDR',
    ]);
  });

  it('references config and secrets instead of embedding them', () => {
    const objs = synth(
      withConfig(
        {
          env: {
            DB: EnvVar.fromSecret('db', 'url'),
            MODE: EnvVar.value('fast'),
            FLAG: EnvVar.fromConfig('cfg', 'flag'),
          },
          configFrom: ['cfg'],
          secretsFrom: ['api-keys'],
        },
        'cfg',
      ),
    );
    const c = loose(find(objs, 'Deployment', 'api')).spec.template.spec.containers[0];
    expect(c.env).toEqual([
      { name: 'DB', valueFrom: { secretKeyRef: { name: 'db', key: 'url' } } },
      { name: 'MODE', value: 'fast' },
      { name: 'FLAG', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'flag' } } },
    ]);
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'cfg' } }, { secretRef: { name: 'api-keys' } }]);
    expect(objs.some((o) => o.kind === 'Secret')).toBe(false);
  });

  it('takes resources from the sizing profile, not cdk8s-plus defaults', () => {
    const c = loose(find(synth(api(), { sizing: Sizing.small() }), 'Deployment', 'api')).spec.template.spec
      .containers[0];
    expect(c.resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '100m', memory: '128Mi' },
    });
  });

  it('runs as non-root with a restricted security context', () => {
    const pod = loose(find(synth(api()), 'Deployment', 'api')).spec.template.spec;
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0].securityContext).toMatchObject({
      runAsNonRoot: true,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('requires a readiness probe unless the environment relaxes the check', () => {
    expect(issuesOf(api({ readiness: Probe.disabled() }))).toEqual([
      '[test/api] Deployment/api container api readinessProbe: a WebService needs a readiness probe (or relax the check "readiness-probe")',
    ]);
    const dep = loose(
      find(
        synth(api({ readiness: Probe.disabled() }), { relaxations: ['readiness-probe'] }),
        'Deployment',
        'api',
      ),
    );
    expect(dep.spec.template.spec.containers[0].readinessProbe).toBeUndefined();
  });

  it('runs its migration as a PreSync hook Job with a delete policy', () => {
    const job = loose(find(synth(api({ migration: { command: ['migrate', 'up'] } })), 'Job', 'api-migrate'));
    expect(job.metadata.annotations).toEqual({
      'ferry.dev/hook': 'PreSync',
      'ferry.dev/hook-delete-policy': 'BeforeHookCreation',
    });
    expect(job.spec.template.spec.containers[0]).toMatchObject({
      image: 'ghcr.io/acme/api:1.2.3',
      command: ['migrate', 'up'],
    });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('makes the migration depend on the ConfigMaps it reads, so they exist before it runs', () => {
    const objects = synth(
      withConfig({ migration: { command: ['migrate'] }, configFrom: ['settings'] }, 'settings'),
    );
    const job = loose(find(objects, 'Job', 'api-migrate'));
    const ns = job.metadata.namespace;
    expect(job.metadata.annotations['ferry.dev/depends-on']).toBe(`/ConfigMap/${ns}/settings`);
  });

  it('writes typed sync settings as annotations', () => {
    const dep = loose(
      find(
        synth(
          withConfig(
            {
              sync: {
                wave: -2,
                dependsOn: [{ group: '', kind: 'ConfigMap', namespace: 'ns-test', name: 'cfg' }],
                options: ['ServerSideApply=true', 'Prune=false'],
              },
            },
            'cfg',
          ),
        ),
        'Deployment',
        'api',
      ),
    );
    expect(dep.metadata.annotations).toEqual({
      'ferry.dev/sync-wave': '-2',
      'ferry.dev/depends-on': '/ConfigMap/ns-test/cfg',
      'ferry.dev/sync-options': 'ServerSideApply=true,Prune=false',
    });
  });
});
