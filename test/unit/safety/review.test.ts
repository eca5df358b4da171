/**
 * Review-friendly output: config changes roll pods (config hash), an image bump touches only what
 * runs the image, and cdk8s-plus defaults that add nothing are gone.
 */
import { parse } from 'yaml';
import {
  ConfigBundle,
  CronTask,
  EnvVar,
  Image,
  Probe,
  Schedule,
  WebService,
  Worker,
  type KubeObject,
} from '../../../constructs';
import { synthEnvironment } from '../../../constructs/synth';
import { Staging } from '../../../environments';
import { find, loose, synth } from '../constructs/helpers';

const image = Image.of('ghcr.io/acme/app', '1.0.0');
const hashOf = (o: KubeObject) => loose(o).spec.template.metadata.annotations?.['ferry.dev/config-hash'];

describe('config hash', () => {
  const build =
    (logLevel: string, flags = 'off') =>
    (c: import('../../../constructs').EnvironmentChart) => {
      new ConfigBundle(c, 'settings', { data: { LOG_LEVEL: logLevel } });
      new ConfigBundle(c, 'flags', { data: { BETA: flags } });
      new Worker(c, 'reader', { image, configFrom: ['settings'] });
      new Worker(c, 'keyed', { image, env: { BETA: EnvVar.fromConfig('flags', 'BETA') } });
      new Worker(c, 'plain', { image });
    };

  it('changes the pod template of exactly the workloads that read a changed ConfigMap', () => {
    const a = synth(build('info'));
    const b = synth(build('debug'));
    const c = synth(build('info', 'on'));
    expect(hashOf(find(a, 'Deployment', 'reader'))).toMatch(/^[0-9a-f]{16}$/);
    expect(hashOf(find(a, 'Deployment', 'reader'))).not.toBe(hashOf(find(b, 'Deployment', 'reader')));
    expect(hashOf(find(a, 'Deployment', 'keyed'))).toBe(hashOf(find(b, 'Deployment', 'keyed')));
    expect(hashOf(find(a, 'Deployment', 'keyed'))).not.toBe(hashOf(find(c, 'Deployment', 'keyed')));
    expect(hashOf(find(a, 'Deployment', 'plain'))).toBeUndefined();
    expect(synth(build('info'))).toEqual(a);
  });

  it('is on CronJob pod templates too', () => {
    const objs = synth((c) => {
      new ConfigBundle(c, 'settings', { data: { A: 'b' } });
      new CronTask(c, 'nightly', { image, schedule: Schedule.daily(3), configFrom: ['settings'] });
    });
    const cj = loose(find(objs, 'CronJob', 'nightly'));
    expect(cj.spec.jobTemplate.spec.template.metadata.annotations['ferry.dev/config-hash']).toMatch(
      /^[0-9a-f]{16}$/,
    );
  });
});

describe('an image bump', () => {
  class Bumped extends Staging {
    override readonly versions = { ...new Staging().versions, 'public-api': '1.42.1' };
  }
  const files = (e: Staging) => new Map(synthEnvironment(e, null).files);

  it('changes only the objects that run the image (and the version label on nothing else)', () => {
    const before = files(new Staging());
    const after = files(new Bumped());
    const changed = [...after.keys()].filter((k) => after.get(k) !== before.get(k));
    expect(changed).toEqual([
      'manifests/shop-staging--deployment.apps--public-api.yaml',
      'manifests/shop-staging--job.batch--public-api-migrate.yaml',
      'manifests/shop-staging--job.batch--smoke-test.yaml',
    ]);
    for (const [k, v] of after) {
      if (!k.startsWith('manifests/')) continue;
      const o = parse(v) as KubeObject;
      const workload = ['Deployment', 'Job', 'CronJob'].includes(o.kind);
      expect([k, 'app.kubernetes.io/version' in (o.metadata.labels ?? {})]).toEqual([k, workload]);
    }
  });
});

describe('defaults that add nothing', () => {
  it('are trimmed from Deployments, Services, CronJobs and pod specs', () => {
    const objs = synth((c) => {
      new Worker(c, 'w', { image });
      new CronTask(c, 'nightly', { image, schedule: Schedule.daily(3) });
      new WebService(c, 'web', { image, readiness: Probe.http('/') });
    });
    expect(loose(find(objs, 'Service', 'web')).spec).not.toHaveProperty('externalIPs');
    const dep = loose(find(objs, 'Deployment', 'w')).spec;
    for (const k of ['minReadySeconds', 'progressDeadlineSeconds', 'strategy'])
      expect(dep).not.toHaveProperty(k);
    for (const k of [
      'hostNetwork',
      'setHostnameAsFQDN',
      'dnsPolicy',
      'terminationGracePeriodSeconds',
      'restartPolicy',
    ])
      expect(dep.template.spec).not.toHaveProperty(k);
    expect(dep.template.spec.securityContext).not.toHaveProperty('fsGroupChangePolicy');
    const cj = loose(find(objs, 'CronJob', 'nightly')).spec;
    expect(cj).not.toHaveProperty('suspend');
    expect(cj.jobTemplate.spec.template.spec.restartPolicy).toBe('Never');
  });
});
