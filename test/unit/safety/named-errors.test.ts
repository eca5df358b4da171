/**
 * Errors that used to be crashes naming no component: each names `[env/component] field`.
 */
import {
  CronTask,
  Image,
  Probe,
  Resources,
  Schedule,
  Sizing,
  WebService,
  Worker,
  type WebServiceProps,
} from '../../../constructs';
import { find, issuesOf, loose, synth } from '../constructs/helpers';

const image = Image.of('ghcr.io/acme/app', '1.0.0');

describe('errors name environment, component and field', () => {
  it('a WebService without a readiness probe', () => {
    const props = { image } as unknown as WebServiceProps;
    expect(issuesOf((c) => new WebService(c, 'build', props))).toEqual([
      '[test/build] readiness: is required: Probe.http(path), Probe.tcp() or Probe.command([...]); or Probe.disabled() with the check "readiness-probe" relaxed',
    ]);
  });

  it('a duplicate component name', () => {
    expect(
      issuesOf((c) => {
        new Worker(c, 'worker', { image });
        new Worker(c, 'worker', { image });
      }),
    ).toEqual(['[test/worker] name: "worker" is already the name of a Worker in this environment']);
  });

  it('an invalid cron schedule and time zone', () => {
    expect(
      issuesOf(
        (c) =>
          new CronTask(c, 'nightly', {
            image,
            schedule: Schedule.cron('0 25 * * *'),
            timeZone: 'Mars/Olympus',
          }),
      ),
    ).toEqual([
      '[test/nightly] schedule: invalid schedule "0 25 * * *": hour field "25" is out of range 0-23',
      '[test/nightly] timeZone: "Mars/Olympus" is not an IANA time zone (e.g. Etc/UTC, Europe/Paris, America/New_York)',
    ]);
  });

  it('an invalid Sizing.custom in an environment class', () => {
    const bad = Sizing.custom('tiny', 0, {
      web: Resources.of({ cpu: '50m', memory: '64Mi' }),
      worker: Resources.of({ cpu: '50x', memory: '64Mi' }),
      job: Resources.of({ cpu: '25m', memory: '32Mi' }, { cpu: '10m', memory: '32Mi' }),
    });
    expect(issuesOf(() => undefined, { sizing: bad })).toEqual([
      '[test] sizing.maxReplicas: (0) must be a positive integer',
      '[test] sizing.worker.requests.cpu: "50x" is not a CPU quantity (e.g. 250m, 0.5, 2)',
      '[test] sizing.job.limits.cpu: (10m) must be >= requests.cpu (25m)',
    ]);
  });

  it('Kubernetes-style resources work, and bad quantities are named', () => {
    const dep = loose(
      find(
        synth((c) => new Worker(c, 'w', { image, resources: { requests: { cpu: '0.5', memory: '1Gi' } } })),
        'Deployment',
        'w',
      ),
    );
    expect(dep.spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '0.5', memory: '1Gi' },
      limits: { cpu: '1000m', memory: '2Gi' },
    });
    expect(
      issuesOf(
        (c) =>
          new Worker(c, 'w', {
            image,
            resources: { requests: { cpu: '250m', memory: '512m' }, limits: { cpu: 'lots', memory: '1Gi' } },
          }),
      ),
    ).toEqual([
      '[test/w] resources.requests.memory: "512m" means millibytes; did you mean "512Mi"?',
      '[test/w] resources.limits.cpu: "lots" is not a CPU quantity (e.g. 250m, 0.5, 2)',
    ]);
  });

  it('a throw inside a component constructor names the component', () => {
    const probe = Probe.http('/');
    Object.defineProperty(probe, 'toPlus', {
      value: () => {
        throw new Error('probe exploded');
      },
    });
    expect(issuesOf((c) => new WebService(c, 'api', { image, readiness: probe }))).toEqual([
      '[test/api] constructor: probe exploded',
    ]);
  });

  it('a throw in build code outside components names the line', () => {
    const issues = issuesOf(() => {
      throw new Error('no such setting');
    });
    expect(issues).toEqual([
      expect.stringMatching(
        /^\[test\] build: no such setting \(at test\/unit\/safety\/named-errors\.test\.ts:\d+:\d+\)$/,
      ),
    ]);
  });
});
