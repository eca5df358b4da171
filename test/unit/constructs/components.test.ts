import {
  ConfigBundle,
  CronTask,
  Image,
  InfraNeeds,
  MigrationJob,
  Schedule,
  SmokeTest,
  Worker,
} from '../../../constructs';
import { synthEnvironment } from '../../../constructs/synth';
import { find, issuesOf, loose, synth, TestEnv } from './helpers';

const image = Image.of('ghcr.io/acme/job', '2.0.0');

describe('Worker', () => {
  it('is a Deployment without a Service, optionally autoscaled', () => {
    const objs = synth(
      (c) => new Worker(c, 'consumer', { image, autoscaling: { minReplicas: 1, maxReplicas: 3 } }),
    );
    expect(objs.map((o) => o.kind).sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'Namespace']);
    expect(loose(find(objs, 'HorizontalPodAutoscaler', 'consumer')).spec.maxReplicas).toBe(3);
    const plain = synth((c) => new Worker(c, 'consumer', { image, replicas: 2 }));
    expect(loose(find(plain, 'Deployment', 'consumer')).spec.replicas).toBe(2);
    expect(plain.some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
  });
});

describe('CronTask', () => {
  it('is a CronJob on its schedule that never overlaps by default', () => {
    const cj = loose(
      find(
        synth((c) => new CronTask(c, 'nightly', { image, schedule: Schedule.daily(3, 15) })),
        'CronJob',
        'nightly',
      ),
    );
    expect(cj.spec.schedule).toBe('15 3 * * *');
    expect(cj.spec.concurrencyPolicy).toBe('Forbid');
    expect(cj.spec.timeZone).toBe('Etc/UTC');
    expect(cj.spec.jobTemplate.spec.template.spec.containers[0].resources.requests).toEqual({
      cpu: '25m',
      memory: '32Mi',
    });
  });
});

describe('Schedule', () => {
  it.each(['0 3 * * *', '*/5 * * * *', '0 9-17 * * 1-5', '0,30 * 1 1,6 0'])('accepts %s', (e) => {
    expect(Schedule.cron(e).expression).toBe(e);
  });
  it.each([
    ['0 3 * *', 'expected 5 fields, got 4'],
    ['60 3 * * *', 'minute field "60" is out of range 0-59'],
    ['0 24 * * *', 'hour field "24" is out of range 0-23'],
    ['0 3 * * mun', 'day-of-week field "mun" is not a number, a name (SUN…), a range or *'],
    ['0 3 * * 7', 'day-of-week field "7" is out of range 0-6'],
    ['*/0 * * * *', 'minute field "*/0" has an invalid step "0"'],
    ['0 5-3 * * *', 'hour field "5-3" has a descending range'],
  ])('rejects %s', (e, problem) => {
    expect(Schedule.cron(e).problemText).toBe(`invalid schedule "${e}": ${problem}`);
  });
});

describe('hook jobs', () => {
  it('MigrationJob is a PreSync hook and SmokeTest a PostSync hook, with their delete policies', () => {
    const objs = synth((c) => {
      new MigrationJob(c, 'migrate', {
        image,
        command: ['migrate'],
        deletePolicies: ['HookSucceeded', 'BeforeHookCreation'],
      });
      new SmokeTest(c, 'smoke', { image });
    });
    expect(find(objs, 'Job', 'migrate').metadata.annotations).toEqual({
      'ferry.dev/hook': 'PreSync',
      'ferry.dev/hook-delete-policy': 'HookSucceeded,BeforeHookCreation',
    });
    expect(find(objs, 'Job', 'smoke').metadata.annotations).toEqual({
      'ferry.dev/hook': 'PostSync',
      'ferry.dev/hook-delete-policy': 'BeforeHookCreation',
    });
  });
});

describe('ConfigBundle', () => {
  it('is a ConfigMap in wave -1', () => {
    const cm = loose(
      find(
        synth((c) => new ConfigBundle(c, 'settings', { data: { LOG_LEVEL: 'info' } })),
        'ConfigMap',
        'settings',
      ),
    );
    expect(cm.data).toEqual({ LOG_LEVEL: 'info' });
    expect(cm.metadata.annotations).toEqual({ 'ferry.dev/sync-wave': '-1' });
  });
  it('refuses keys that look like secrets', () => {
    expect(issuesOf((c) => new ConfigBundle(c, 'settings', { data: { DB_PASSWORD: 'hunter2' } }))).toEqual([
      '[test/settings] ConfigMap/settings data.DB_PASSWORD: is a secret in plain text (the name says PASSWORD); move it to a Secret and reference it with EnvVar.fromSecret(secret, key), or relax the check "plaintext-secret" on the component with a reason',
    ]);
  });
});

describe('infra needs', () => {
  it('are recorded in the infra description with defaults, sorted by name; duplicates are reported', () => {
    const out = synthEnvironment(
      new TestEnv((c) => {
        new Worker(c, 'b', { image, needs: [InfraNeeds.queue('jobs')] });
        new Worker(c, 'a', {
          image,
          needs: [InfraNeeds.postgres('db'), InfraNeeds.bucket('files', { versioned: true })],
        });
      }),
      null,
    );
    const json = JSON.parse(out.files.find(([p]) => p === 'environment.json')![1]);
    expect(json.infra).toEqual({ stack: 'test', target: 'local', file: 'infra/stack.json' });
    const infra = JSON.parse(out.files.find(([p]) => p === 'infra/stack.json')![1]);
    expect(infra.needs).toEqual([
      { component: 'a', name: 'db', kind: 'postgres', version: '16', storageGiB: 10 },
      { component: 'a', name: 'files', kind: 'bucket', versioned: true },
      { component: 'b', name: 'jobs', kind: 'queue', visibilityTimeoutSeconds: 30 },
    ]);
    expect(
      issuesOf((c) => {
        new Worker(c, 'a', { image, needs: [InfraNeeds.postgres('db')] });
        new Worker(c, 'b', { image, needs: [InfraNeeds.postgres('db')] });
      }),
    ).toEqual([
      '[test/b] infra.needs[db]: the name is declared twice (postgres by a, postgres by b); need names are Secret names and must be unique in the environment',
    ]);
  });
});

describe('component names', () => {
  it('must be DNS labels', () => {
    expect(issuesOf((c) => new Worker(c, 'Bad_Name', { image }))).toEqual([
      '[test/Bad_Name] name: "Bad_Name" must be a DNS label (lowercase letters, digits, -)',
    ]);
  });
});
