/**
 * `ferry promote` and `ferry versions` on a platform repository holding the example environments:
 * the change is a commit on a new branch that touches exactly the promoted tags.
 */
import { join } from 'node:path';
import { loadApp } from '../../../constructs/cli/app';
import { promote, PromotionRefused } from '../../../constructs/cli/promote';
import type { SourceReadiness } from '../../../constructs/cli/readiness';
import { PlatformRepo } from './platform';
import { Scratch } from './repos';

/** The lines a commit changes in a file, as `-old` / `+new`. */
function changedLines(repo: PlatformRepo, rev: string, path: string): string[] {
  return repo
    .git('diff', '--unified=0', `${rev}~1`, rev, '--', path)
    .split('\n')
    .filter((l) => /^[-+] /.test(l));
}

describe('ferry promote (real git)', () => {
  let scratch: Scratch;
  let repo: PlatformRepo;
  let head: string;

  beforeEach(() => {
    scratch = new Scratch();
    repo = new PlatformRepo(scratch);
    head = repo.git('rev-parse', 'HEAD');
  });
  afterEach(() => scratch.dispose());

  it('refuses without --force: the Synced/Healthy check cannot read the Environment status yet', () => {
    const r = repo.ferry(['promote', 'staging', 'production']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot confirm that staging is Synced and Healthy');
    expect(r.stderr).toContain('pass --force');
    expect(repo.git('branch', '--list', 'promote/*')).toBe('');
  }, 30_000);

  it('commits exactly the promoted tags on a new branch, leaving the work tree and HEAD alone', () => {
    const r = repo.ferry(['promote', 'staging', 'production', '--force']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const branch = `promote/staging-to-production-${head.slice(0, 8)}`;
    expect(r.stdout).toContain(`on branch ${branch}`);
    expect(r.stdout).toMatch(/public-api\s+1\.41\.2\s+->\s+1\.42\.0/);
    expect(changedLines(repo, branch, 'environments/versions.ts')).toEqual([
      "-    'public-api': '1.41.2',",
      "-    frontend: '2.7.1',",
      "-    worker: '1.41.2',",
      "-    scheduler: '0.9.0',",
      "+    'public-api': '1.42.0',",
      "+    frontend: '2.7.3',",
      "+    worker: '1.42.0',",
      "+    scheduler: '0.9.1',",
    ]);
    expect(repo.git('diff', '--name-only', `${branch}~1`, branch)).toBe('environments/versions.ts');
    expect(repo.git('log', '-1', '--format=%B', branch)).toBe(
      [
        'Promote staging to production: public-api 1.42.0, frontend 2.7.3, worker 1.42.0, scheduler 0.9.1',
        '',
        "production takes staging's image tags:",
        '  public-api  1.41.2 -> 1.42.0',
        '  frontend    2.7.1 -> 2.7.3',
        '  worker      1.41.2 -> 1.42.0',
        '  scheduler   0.9.0 -> 0.9.1',
        '',
        'Ferry-Promotion: staging -> production',
      ].join('\n'),
    );
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.git('status', '--porcelain')).toBe('');
    // the environment classes read the module: production synthesises with staging's API image
    repo.git('checkout', '-q', branch);
    const synth = repo.ferry(['synth', '--env', 'production', '--out', 'dist']);
    expect(synth.code).toBe(0);
    expect(repo.read('dist/production/manifests/shop--deployment.apps--public-api.yaml')).toContain(
      'image: ghcr.io/acme-shop/public-api:1.42.0',
    );
  }, 60_000);

  it('promotes only the named components', () => {
    const r = repo.ferry([
      'promote',
      'staging',
      'production',
      '--component',
      'public-api',
      'worker',
      '--force',
    ]);
    expect(r.code).toBe(0);
    const branch = `promote/staging-to-production-${head.slice(0, 8)}`;
    expect(changedLines(repo, branch, 'environments/versions.ts')).toEqual([
      "-    'public-api': '1.41.2',",
      "+    'public-api': '1.42.0',",
      "-    worker: '1.41.2',",
      "+    worker: '1.42.0',",
    ]);
    const bad = repo.ferry(['promote', 'staging', 'production', '--component', 'mailer', '--force']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('staging has no tag for mailer in environments/versions.ts');
  }, 30_000);

  it('refuses a promotion the platform does not declare unless forced, and says when nothing moves', () => {
    const undeclared = repo.ferry(['promote', 'dev', 'production', '--dry-run']);
    expect(undeclared.code).toBe(1);
    expect(undeclared.stderr).toContain(
      'dev -> production is not a declared promotion (declared: dev -> staging, staging -> production)',
    );
    const forced = repo.ferry(['promote', 'dev', 'production', '--force', '--dry-run']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('dry run: nothing committed');
    repo.ferry(['promote', 'staging', 'production', '--force']);
    repo.git('merge', '-q', '--ff-only', `promote/staging-to-production-${head.slice(0, 8)}`);
    const again = repo.ferry(['promote', 'staging', 'production', '--force']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("nothing to promote: production already runs staging's tags");
  }, 60_000);

  it('refuses when an environment class does not read its tags from the versions module', () => {
    repo.change(
      'environments/production.ts',
      (t) => t.replace('versions.production;', "{ ...versions.production, worker: '9.9.9' };"),
      'production pins worker by hand',
    );
    const r = repo.ferry(['promote', 'staging', 'production', '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'environment production does not take its tags from environments/versions.ts: worker is "9.9.9" in the class and "1.41.2" in the module',
    );
  }, 30_000);

  it('asks the readiness check about the source environment at HEAD and stops when it is not ready', async () => {
    const asked: string[] = [];
    const answer = (ready: boolean): SourceReadiness => ({
      async sourceEnvironmentReady(kubeconfig, env, revision) {
        asked.push(`${kubeconfig} ${env} ${revision}`);
        return ready
          ? { ready, detail: `${env} is Synced and Healthy` }
          : { ready, reason: `${env} is Degraded` };
      },
    });
    const app = loadApp(join(repo.dir, 'environments'));
    const base = {
      app,
      versionsPath: join(repo.dir, 'environments', 'versions.ts'),
      source: 'staging',
      target: 'production',
      kubeconfig: '/kube/staging',
    };
    await expect(promote({ ...base, readiness: answer(false) })).rejects.toThrow(
      new PromotionRefused('staging is Degraded'),
    );
    expect(repo.git('branch', '--list', 'promote/*')).toBe('');
    const ok = await promote({ ...base, readiness: answer(true) });
    expect(ok.outcome).toBe('committed');
    expect(asked).toEqual([`/kube/staging staging ${head}`, `/kube/staging staging ${head}`]);
  }, 30_000);
});

describe('ferry versions', () => {
  const scratch = new Scratch();
  const repo = new PlatformRepo(scratch);
  afterAll(() => scratch.dispose());

  it('prints the tag of every component in every environment and the pending promotions', () => {
    const r = repo.ferry(['versions']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    // the preview of `feature/login` carries the DNS-safe name rule's hash (constructs/preview-name.ts)
    expect(lines[0]).toMatch(/^COMPONENT\s+dev\s+staging\s+production\s+preview-feature-login-df7c7aeb$/);
    expect(lines[1]).toMatch(
      /^public-api\s+1\.43\.0-rc\.2\s+1\.42\.0\s+1\.41\.2\s+branch-feature-login-df7c7aeb$/,
    );
    expect(r.stdout).toContain('promotion order: dev -> staging, staging -> production');
    expect(r.stdout).toContain(
      'ferry promote staging production: public-api 1.41.2 -> 1.42.0, frontend 2.7.1 -> 2.7.3, worker 1.41.2 -> 1.42.0, scheduler 0.9.0 -> 0.9.1',
    );
    const json = JSON.parse(repo.ferry(['versions', '--json']).stdout);
    expect(json.environments).toEqual(['dev', 'staging', 'production', 'preview-feature-login-df7c7aeb']);
    expect(json.tags.scheduler).toEqual({
      dev: '0.9.1',
      staging: '0.9.1',
      production: '0.9.0',
      'preview-feature-login-df7c7aeb': '0.9.1',
    });
  }, 30_000);
});
