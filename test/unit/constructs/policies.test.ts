import {
  Image,
  IpAllowlist,
  Probe,
  ReplicaCap,
  Sizing,
  WebService,
  Worker,
  type EnvironmentChart,
} from '../../../constructs';
import { formatIssue } from '../../../constructs';
import { synthEnvironment } from '../../../constructs/synth';
import { find, issuesOf, loose, synth, TestEnv } from './helpers';

const image = Image.of('ghcr.io/acme/api', '3.1.0');
const web = (c: EnvironmentChart) =>
  new WebService(c, 'web', {
    image,
    team: 'storefront',
    readiness: Probe.http('/'),
    replicas: 8,
    autoscaling: undefined,
    networkPolicy: { namespaces: ['ingress'] },
  });

describe('policies', () => {
  it('standard labels name component, platform, manager, environment and team everywhere, the version on workloads and pods only', () => {
    const objs = synth(web);
    const expected = {
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/part-of': 'test',
      'app.kubernetes.io/managed-by': 'ferry',
      'ferry.dev/env': 'test',
      'ferry.dev/team': 'storefront',
    };
    const versioned = { ...expected, 'app.kubernetes.io/version': '3.1.0' };
    expect(objs.map((o) => o.kind).sort()).toEqual([
      'Deployment',
      'Namespace',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Service',
      'ServiceAccount',
    ]);
    for (const o of objs.filter((x) => x.kind !== 'Namespace' && x.kind !== 'Deployment'))
      expect(o.metadata.labels).toEqual(expected);
    expect(find(objs, 'Deployment', 'web').metadata.labels).toEqual(versioned);
    expect(loose(find(objs, 'Deployment', 'web')).spec.template.metadata.labels).toEqual(versioned);
    expect(find(objs, 'Namespace', 'ns-test').metadata.labels).toMatchObject({
      'ferry.dev/team': 'platform',
    });
  });

  it('replica cap clamps replicas and autoscaler bounds', () => {
    const objs = synth(
      (c) => {
        web(c);
        new Worker(c, 'w', { image, autoscaling: { minReplicas: 2, maxReplicas: 50 } });
      },
      { sizing: Sizing.small() },
    );
    expect(loose(find(objs, 'Deployment', 'web')).spec.replicas).toBe(3);
    expect(loose(find(objs, 'HorizontalPodAutoscaler', 'w')).spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 3,
    });
    const capped = synth(web, {
      policies: (p) => [...p.filter((x) => !(x instanceof ReplicaCap)), new ReplicaCap(1)],
    });
    expect(loose(find(capped, 'Deployment', 'web')).spec.replicas).toBe(1);
  });

  it('replica cap says what it clamped (a note in synth output, never silent)', () => {
    const out = synthEnvironment(
      new TestEnv(
        (c) => new Worker(c, 'worker', { image, autoscaling: { minReplicas: 1, maxReplicas: 4 } }),
        {
          name: 'dev',
        },
      ),
      null,
    );
    expect(out.issues).toEqual([]);
    expect(out.notes.map(formatIssue)).toEqual([
      '[dev/worker] HorizontalPodAutoscaler/worker spec.maxReplicas: 4 → 3 (replica-cap: this environment runs at most 3 replicas)',
    ]);
    expect(synthEnvironment(new TestEnv(web, { sizing: Sizing.large() }), null).notes).toEqual([]);
  });

  it('IP allowlist adds CIDRs to every NetworkPolicy, and validates them', () => {
    const objs = synth(web, { policies: (p) => [...p, new IpAllowlist(['192.0.2.0/24'])] });
    expect(loose(find(objs, 'NetworkPolicy', 'web')).spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } } },
      { ipBlock: { cidr: '192.0.2.0/24' } },
    ]);
    expect(issuesOf(web, { policies: (p) => [...p, new IpAllowlist(['nope'])] })).toEqual([
      '[test/web] NetworkPolicy/web ipAllowlist: "nope" is not an IPv4 CIDR',
    ]);
  });

  it('without the resource profile, containers have no resources and the check fails unless relaxed', () => {
    const noProfile = {
      policies: (p: import('../../../constructs').Policy[]) => p.filter((x) => x.name !== 'resource-profile'),
    };
    expect(issuesOf(web, noProfile)).toEqual([
      '[test/web] Deployment/web container web resources.requests: cpu and memory must be set',
      '[test/web] Deployment/web container web resources.limits: cpu and memory must be set',
    ]);
    expect(issuesOf(web, { ...noProfile, relaxations: ['container-resources'] })).toEqual([]);
  });
});
