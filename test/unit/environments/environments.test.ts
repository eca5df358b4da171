import { parse } from 'yaml';
import { isClusterScoped, type KubeObject } from '../../../constructs';
import { synthAll } from '../../../constructs/synth';
import { allEnvironments, Dev, Preview, Production, Staging } from '../../../environments';
import { find, loose } from '../constructs/helpers';

const outputs = new Map(synthAll(allEnvironments(), null).map((o) => [o.name, o]));
/** The shop's own environments (ferry-system, the operator's install, is tested in ferry-system.test.ts). */
const shop = [...outputs.keys()].filter((n) => n !== 'ferry-system');
const objects = (env: string): KubeObject[] =>
  outputs
    .get(env)!
    .files.filter(([p]) => p.startsWith('manifests/'))
    .map(([, c]) => parse(c) as KubeObject);
const cpuMillis = (o: KubeObject) =>
  parseInt(loose(o).spec.template.spec.containers[0].resources.requests.cpu, 10);

describe('shop environments', () => {
  it('are dev, staging, production, a preview and ferry-system, all valid', () => {
    expect([...outputs.keys()]).toEqual([
      'dev',
      'staging',
      'production',
      'preview-feature-login-df7c7aeb',
      'ferry-system',
    ]);
    for (const out of outputs.values()) expect(out.issues).toEqual([]);
  });

  it('inherit: production is a staging, a preview is a dev', () => {
    expect(new Production()).toBeInstanceOf(Staging);
    expect(new Preview('x')).toBeInstanceOf(Dev);
    expect(new Production().components).toEqual(new Staging().components);
  });

  it('give production public-api an HPA, a PDB and a NetworkPolicy with the IP allowlist', () => {
    const objs = objects('production');
    expect(loose(find(objs, 'HorizontalPodAutoscaler', 'public-api')).spec).toMatchObject({
      minReplicas: 3,
      maxReplicas: 20,
    });
    expect(loose(find(objs, 'PodDisruptionBudget', 'public-api')).spec.maxUnavailable).toBe(1);
    const from = loose(find(objs, 'NetworkPolicy', 'public-api')).spec.ingress[0].from;
    expect(from.filter((p: { ipBlock?: unknown }) => p.ipBlock)).toEqual([
      { ipBlock: { cidr: '203.0.113.0/24' } },
      { ipBlock: { cidr: '198.51.100.16/28' } },
    ]);
  });

  it('put CIDRs in NetworkPolicies only in production', () => {
    for (const env of ['dev', 'staging', 'preview-feature-login-df7c7aeb']) {
      const np = loose(find(objects(env), 'NetworkPolicy', 'public-api'));
      expect(JSON.stringify(np)).not.toContain('ipBlock');
    }
  });

  it('size dev smaller than production', () => {
    for (const name of ['public-api', 'frontend', 'worker']) {
      expect(cpuMillis(find(objects('dev'), 'Deployment', name))).toBeLessThan(
        cpuMillis(find(objects('production'), 'Deployment', name)),
      );
    }
    const hpa = (env: string) =>
      loose(find(objects(env), 'HorizontalPodAutoscaler', 'public-api')).spec.maxReplicas;
    expect(hpa('dev')).toBeLessThan(hpa('staging'));
    expect(hpa('staging')).toBeLessThan(hpa('production'));
  });

  it('pin image tags per environment', () => {
    const image = (env: string) =>
      loose(find(objects(env), 'Deployment', 'public-api')).spec.template.spec.containers[0].image;
    expect(image('dev')).toBe('ghcr.io/acme-shop/public-api:1.43.0-rc.2');
    expect(image('staging')).toBe('ghcr.io/acme-shop/public-api:1.42.0');
    expect(image('production')).toBe('ghcr.io/acme-shop/public-api:1.41.2');
    expect(image('preview-feature-login-df7c7aeb')).toBe(
      'ghcr.io/acme-shop/public-api:branch-feature-login-df7c7aeb',
    );
  });

  it('run the public-api migration as a PreSync hook everywhere', () => {
    for (const env of shop) {
      expect(find(objects(env), 'Job', 'public-api-migrate').metadata.annotations).toMatchObject({
        'ferry.dev/hook': 'PreSync',
      });
    }
  });

  it('leave the scheduler out of previews', () => {
    expect(objects('preview-feature-login-df7c7aeb').some((o) => o.kind === 'CronJob')).toBe(false);
    expect(objects('dev').some((o) => o.kind === 'CronJob')).toBe(true);
  });

  it('serve TLS hosts per environment', () => {
    const tls = (env: string) => loose(find(objects(env), 'Ingress', 'public-api')).spec.tls;
    expect(tls('production')).toEqual([{ hosts: ['api.shop.example.com'], secretName: 'shop-tls' }]);
    expect(tls('staging')).toEqual([
      { hosts: ['api.staging.shop.example.com'], secretName: 'shop-staging-tls' },
    ]);
    expect(tls('dev')).toBeUndefined();
  });

  it('emit their Namespace and place every other object in it', () => {
    for (const e of allEnvironments()) {
      const objs = objects(e.name);
      expect(find(objs, 'Namespace', e.destination.namespace).metadata.namespace).toBeUndefined();
      for (const o of objs.filter((x) => x.kind !== 'Namespace'))
        expect(o.metadata.namespace).toBe(isClusterScoped(o.kind) ? undefined : e.destination.namespace);
    }
  });

  it('contain no Secret with data anywhere', () => {
    for (const env of outputs.keys()) expect(objects(env).filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('name preview environments after the branch, with a hash when the slug loses information', () => {
    const p = new Preview('Feature/Checkout_V2');
    expect(p.name).toBe('preview-feature-checkout-v2-398257eb');
    expect(p.destination.namespace).toBe('shop-preview-feature-checkout-v2-398257eb');
    expect(new Preview('fix-42').name).toBe('preview-fix-42');
  });

  it.each([...outputs.keys()])('golden output of %s (backstop)', (env) => {
    expect(Object.fromEntries(outputs.get(env)!.files)).toMatchSnapshot();
  });
});
