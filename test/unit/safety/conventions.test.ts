/**
 * Ecosystem conventions: Kubernetes quantities, CronJob schedules as Kubernetes accepts them,
 * and preview ids for any branch name.
 */
import {
  CronTask,
  Image,
  Schedule,
  formatMemory,
  parseCpu,
  parseMemory,
  previewId,
} from '../../../constructs';
import { Preview } from '../../../environments';
import { find, loose, synth } from '../constructs/helpers';

describe('quantities', () => {
  it.each([
    ['250m', 250],
    ['0.5', 500],
    ['2', 2000],
    ['1.5', 1500],
  ])('CPU %s is %i millicores', (q, m) => expect(parseCpu(q)).toEqual({ text: q, millis: m }));
  it.each([
    ['512Mi', 512 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1G', 1e9],
    ['128974848', 128974848],
    ['129e6', 129e6],
  ])('memory %s is %i bytes', (q, b) => expect(parseMemory(q)).toEqual({ text: q, bytes: b }));
  it('rejects what Kubernetes rejects, saying why', () => {
    expect(parseCpu('0.0001')).toEqual({ problem: '(0.0001) is finer than 1m, the smallest CPU unit' });
    expect(parseCpu('-1')).toEqual({ problem: '"-1" is not a CPU quantity (e.g. 250m, 0.5, 2)' });
    expect(parseMemory('1GB')).toEqual({ problem: '"1GB" is not a memory quantity (e.g. 512Mi, 1Gi, 1G)' });
    expect(parseMemory(undefined)).toEqual({ problem: "is undefined; use e.g. '512Mi' or '1Gi'" });
  });
  it('formats bytes in the largest exact binary unit', () => {
    expect([formatMemory(2 ** 30), formatMemory(1536 * 2 ** 20), formatMemory(1000)]).toEqual([
      '1Gi',
      '1536Mi',
      '1000',
    ]);
  });
});

describe('cron schedules', () => {
  it.each([
    '0 9 * * MON-FRI',
    '0 0 1 JAN,JUL *',
    '*/15 * * * *',
    '5/10 * * * *',
    '0 0 ? * sun',
    '@daily',
    '@hourly',
    '@weekly',
    '@monthly',
    '@yearly',
    '@annually',
    '@midnight',
  ])('accepts %s as a CronJob does', (e) => expect(Schedule.cron(e).problemText).toBeUndefined());

  it.each([
    [
      '@every 5m',
      '"@every 5m" is not a macro a CronJob accepts (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)',
    ],
    ['TZ=Europe/Paris 0 3 * * *', "sets a time zone in the expression; use the CronTask's timeZone instead"],
    ['0 9 * * MON-FRY', 'day-of-week field "MON-FRY" is not a number, a name (SUN…), a range or *'],
    ['0 0 1 13 *', 'month field "13" is out of range 1-12'],
  ])('rejects %s', (e, problem) =>
    expect(Schedule.cron(e).problemText).toBe(`invalid schedule "${e}": ${problem}`),
  );

  it('writes macros, names and the time zone as given', () => {
    const objs = synth((c) => {
      const image = Image.of('ghcr.io/acme/job', '1.0.0');
      new CronTask(c, 'a', { image, schedule: Schedule.cron('@daily') });
      new CronTask(c, 'b', { image, schedule: Schedule.cron('0 9 * * MON-FRI'), timeZone: 'Europe/Paris' });
    });
    expect(loose(find(objs, 'CronJob', 'a')).spec.schedule).toBe('@daily');
    expect(loose(find(objs, 'CronJob', 'b')).spec).toMatchObject({
      schedule: '0 9 * * MON-FRI',
      timeZone: 'Europe/Paris',
    });
  });
});

describe('preview ids', () => {
  const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
  const branches = [
    'feature/login',
    'feature-login',
    'Feature/Login',
    'fix-42',
    'fünf/Änderung',
    'функция/вход',
    '機能/ログイン',
    'x'.repeat(120),
    `${'x'.repeat(119)}y`,
    `feature/${'very-long-name-'.repeat(8)}`,
  ];

  it('are DNS-safe, distinct and stable for any branch name, and keep the namespace a DNS label', () => {
    const ids = branches.map(previewId);
    expect(new Set(ids).size).toBe(branches.length);
    for (const id of ids) {
      expect(id).toMatch(DNS_LABEL);
      expect(id.length).toBeLessThanOrEqual(39);
    }
    expect(branches.map(previewId)).toEqual(ids);
    for (const b of branches) {
      const p = new Preview(b);
      expect(p.destination.namespace).toMatch(DNS_LABEL);
      expect(p.name).toMatch(DNS_LABEL);
      expect(p.infraStack()).toBe(p.name);
    }
  });

  it('are the slug alone when nothing is lost, else slug and hash', () => {
    expect(previewId('fix-42')).toBe('fix-42');
    expect(previewId('feature/login')).toBe('feature-login-df7c7aeb');
    expect(previewId('fünf/Änderung')).toMatch(/^funf-anderung-[0-9a-f]{8}$/);
    expect(previewId('функция/вход')).toMatch(/^[0-9a-f]{8}$/);
  });
});
