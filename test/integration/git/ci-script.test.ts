/**
 * The CI template's script (.github/scripts/ferry-ci.sh, what .github/workflows/ferry.yml runs)
 * against a local repository pair: a platform repository (this project's files, as a user's
 * platform repository holds them) whose origin is a bare deploy repository.
 *
 * Install is the one step replaced: `npm ci` needs the registry and minutes, so the platform
 * repository links this project's node_modules instead. The test step runs the platform's
 * environment tests rather than the whole suite (which would start this test again); jest needs
 * the integration setup files present to accept its configuration.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { testKubeconfig } from '../helpers/env';
import { Scratch, branchFiles, git } from './repos';

const ROOT = join(__dirname, '..', '..', '..');
// DNS-safe preview names (constructs/preview-name.ts): the branch's slug plus 8 hex digits of its
// SHA-256, since the slug lost the `/`. `feature/login` is the example platform's PREVIEW_BRANCHES.
const LOGIN = 'preview-feature-login-df7c7aeb';
const CART = 'preview-feature-cart-c39f4dfa';
const SKIP = [
  /^test\/(?!unit\/environments\/|unit\/constructs\/helpers\.ts$|integration\/setup\/)/,
  /^bench\//,
];

function platformRepo(dir: string): void {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => f && !SKIP.some((re) => re.test(f)));
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(ROOT, f), join(dir, f));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'Platform repository');
}

describe('the CI script of the workflow template', () => {
  const scratch = new Scratch();
  const remote = scratch.bare();
  const dir = scratch.path('platform');
  const summary = scratch.path('step-summary.md');

  function ci(...args: string[]) {
    return ciWith({}, ...args);
  }

  function ciWith(extra: NodeJS.ProcessEnv, ...args: string[]) {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      FERRY_CI_INSTALL: 'test -d node_modules',
      FERRY_CI_TEST: 'npx jest test/unit/environments --selectProjects unit',
      GITHUB_STEP_SUMMARY: summary,
      FERRY_CACHE_DIR: scratch.path('cache'),
    };
    delete env.FERRY_APP;
    delete env.FERRY_SOURCE_COMMIT;
    delete env.PULUMI_BACKEND_URL;
    Object.assign(env, extra);
    // one stream, in order, as a CI log shows it
    const script = 'bash .github/scripts/ferry-ci.sh "$@" 2>&1';
    const r = spawnSync('bash', ['-c', script, 'ferry-ci', ...args], { cwd: dir, env, encoding: 'utf8' });
    return { code: r.status, out: r.stdout };
  }

  beforeAll(() => {
    platformRepo(dir);
    git(dir, 'remote', 'add', 'origin', remote);
    writeFileSync(summary, '');
  }, 60_000);
  afterAll(() => scratch.dispose());

  it('on a pull request: checks, synthesises and summarises the changes, publishing nothing', () => {
    // infra preview against the stacks' state (an empty local backend here: everything is new)
    const state = scratch.path('pulumi-state');
    mkdirSync(state);
    const r = ciWith(
      {
        PULUMI_BACKEND_URL: `file://${state}`,
        PULUMI_CONFIG_PASSPHRASE: 'ci-script-test',
        FERRY_CI_INFRA_ENVS: 'dev',
        KUBECONFIG: testKubeconfig(),
      },
      'pull-request',
    );
    expect(r.out).toMatch(/== typecheck[\s\S]*== test[\s\S]*Tests:\s+\d+ passed[\s\S]*== synth/);
    expect(r.code).toBe(0);
    expect(r.out).toContain('+ production');
    expect(r.out).toContain('image ghcr.io/acme-shop/public-api (new) 1.41.2');
    expect(r.out).toMatch(
      new RegExp(
        `dry run: would publish dev, ferry-system, ${LOGIN}, production, staging \\(source [0-9a-f]{12}\\)`,
      ),
    );
    // changes pending (exit 1 of `ferry infra preview`) do not fail the job; only dev was previewed
    expect(r.out).toMatch(/== infra preview\n[\s\S]*^CHANGES: infra preview of dev at \S+: \d+ to create/m);
    expect(r.out).not.toMatch(/infra preview of (staging|production)/);
    expect(readFileSync(summary, 'utf8')).toContain('### Ferry: changes per environment');
    expect(branchFiles(remote)).toEqual([]);
  }, 300_000);

  it('on main: publishes every environment to the deploy branch of origin', () => {
    const head = git(dir, 'rev-parse', 'HEAD');
    const r = ci('main');
    expect(r.code).toBe(0);
    expect(r.out).toContain('== infra preview\nskipped: set PULUMI_BACKEND_URL');
    expect(r.out).toMatch(
      new RegExp(`published [0-9a-f]{12} to deploy: dev, ferry-system, ${LOGIN}, production, staging`),
    );
    const folders = branchFiles(remote).filter((f) => f.endsWith('/environment.json'));
    expect(folders).toEqual([
      'dev/environment.json',
      'ferry-system/environment.json',
      `${LOGIN}/environment.json`,
      'production/environment.json',
      'staging/environment.json',
    ]);
    expect(git(remote, 'log', '-1', '--format=%(trailers:key=Ferry-Source,valueonly)', 'deploy')).toBe(head);
  }, 300_000);

  it('stops at a type error before anything is published', () => {
    const before = git(remote, 'rev-parse', 'deploy');
    const file = join(dir, 'environments', 'versions.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("worker: '1.41.2',", 'worker: 1412,'));
    git(dir, 'commit', '-q', '-am', 'a tag that is not a string');
    const r = ci('main');
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('error TS');
    expect(r.out).not.toContain('== synth');
    expect(git(remote, 'rev-parse', 'deploy')).toBe(before);
    git(dir, 'reset', '-q', '--hard', 'HEAD~1');
  }, 300_000);

  it('opens and closes a preview of a branch', () => {
    git(dir, 'checkout', '-q', '-b', 'feature/cart');
    const open = ci('preview-open', 'feature/cart');
    expect(open.code).toBe(0);
    expect(open.out).toContain(`== preview open feature/cart`);
    expect(open.out).toContain(`preview ${CART} of branch feature/cart`);
    expect(branchFiles(remote)).toContain(`${CART}/environment.json`);
    const close = ci('preview-close', 'feature/cart');
    expect(close.code).toBe(0);
    expect(close.out).toMatch(new RegExp(`^preview ${CART}: removed in [0-9a-f]{12}$`, 'm'));
    expect(branchFiles(remote).some((f) => f.startsWith('preview-feature-cart'))).toBe(false);
    expect(branchFiles(remote)).toContain('production/environment.json');
  }, 120_000);
});
