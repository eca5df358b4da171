/**
 * `ferry preview open|close <branch>` from a platform repository: the preview's folder appears on
 * the deploy branch synthesised from the checked-out commit, and disappears on close; nothing else
 * on the branch is touched.
 */
import { PlatformRepo } from './platform';
import { Scratch, branchFiles, git, showFile } from './repos';

// Preview names follow the DNS-safe rule of constructs/preview-name.ts: the slug of the branch and,
// because `feature/login` loses its `/` in the slug, the first 8 hex digits of its SHA-256.
const LOGIN = 'preview-feature-login-df7c7aeb';

const envFolders = (remote: string) =>
  branchFiles(remote)
    .filter((f) => f.endsWith('/environment.json'))
    .map((f) => f.split('/')[0]);

describe('ferry preview open/close (real git)', () => {
  let scratch: Scratch;
  let repo: PlatformRepo;
  let remote: string;

  beforeEach(() => {
    scratch = new Scratch();
    repo = new PlatformRepo(scratch);
    remote = scratch.bare();
    repo.git('remote', 'add', 'origin', remote);
  });
  afterEach(() => scratch.dispose());

  it('publishes the branch’s preview folder next to the other environments, and removes it on close', () => {
    repo.git('checkout', '-q', '-b', 'feature/login');
    const head = repo.git('rev-parse', 'HEAD');
    expect(repo.ferry(['synth', '--env', 'dev', '--out', 'dist']).code).toBe(0);
    expect(repo.ferry(['publish']).code).toBe(0);

    const open = repo.ferry(['preview', 'open', 'feature/login']);
    expect(open.stderr).toBe('');
    expect(open.code).toBe(0);
    expect(open.stdout).toContain(
      `preview ${LOGIN} of branch feature/login at ${head.slice(0, 12)} (namespace shop-${LOGIN})`,
    );
    expect(open.stdout).toContain(
      `${LOGIN}: ghcr.io/acme-shop/public-api (new) branch-feature-login-df7c7aeb\n`,
    );
    expect(envFolders(remote)).toEqual(['dev', LOGIN]);
    expect(JSON.parse(showFile(remote, 'deploy', `${LOGIN}/environment.json`)).sourceCommit).toBe(head);
    expect(git(remote, 'log', '-1', '--format=%B', 'deploy')).toContain('Preview of branch feature/login');

    const again = repo.ferry(['preview', 'open', 'feature/login']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`preview ${LOGIN}: the deploy branch already has it; nothing to publish`);

    const close = repo.ferry(['preview', 'close', 'feature/login']);
    expect(close.code).toBe(0);
    expect(close.stdout).toMatch(new RegExp(`^preview ${LOGIN}: removed in [0-9a-f]{12}$`, 'm'));
    expect(envFolders(remote)).toEqual(['dev']);
    expect(git(remote, 'log', '-1', '--format=%B', 'deploy')).toContain(
      'Preview of branch feature/login closed',
    );

    const twice = repo.ferry(['preview', 'close', 'feature/login']);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toContain('not on the deploy branch; nothing to remove');
  }, 90_000);

  it('works for a long branch name with slashes and non-ASCII letters', () => {
    const branch = `feature/ÜBER-${'long-name-'.repeat(9)}Ω`;
    expect(branch.length).toBeGreaterThanOrEqual(100);
    const open = repo.ferry(['preview', 'open', branch]);
    expect(open.stderr).toBe('');
    expect(open.code).toBe(0);
    const [name] = envFolders(remote);
    // the slug keeps the Latin part (accents dropped, cut to 30 characters); the hash keeps it distinct
    expect(name).toMatch(/^preview-feature-uber-long-name-long-na-[0-9a-f]{8}$/);
    expect(name!.length).toBeLessThanOrEqual(63);
    expect(repo.ferry(['preview', 'close', branch]).code).toBe(0);
    expect(envFolders(remote)).toEqual([]);
  }, 60_000);

  it('refuses a stale run (an older commit of the same branch) and replaces a force-pushed one', () => {
    repo.git('checkout', '-q', '-b', 'feature/login');
    const older = repo.git('rev-parse', 'HEAD');
    repo.change('environments/dev.ts', (t) => t.replace("'debug'", "'trace'"), 'more logs');
    expect(repo.ferry(['preview', 'open', 'feature/login']).code).toBe(0);
    repo.git('checkout', '-q', older);
    const stale = repo.ferry(['preview', 'open', 'feature/login']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('which is not an ancestor of');
    // a rewritten branch: the previous preview commit is gone from this clone
    repo.git('checkout', '-q', '-B', 'feature/login', older);
    repo.git('reflog', 'expire', '--expire=now', '--all');
    repo.git('gc', '-q', '--prune=now');
    const rewritten = repo.ferry(['preview', 'open', 'feature/login']);
    expect(rewritten.stderr).toBe('');
    expect(rewritten.code).toBe(0);
    expect(JSON.parse(showFile(remote, 'deploy', `${LOGIN}/environment.json`)).sourceCommit).toBe(older);
  }, 90_000);

  it('exits 2 when the environments module has no previewEnvironment(branch)', () => {
    repo.change(
      'environments/index.ts',
      (t) => t.replace('export function previewEnvironment', 'function previewEnvironmentGone'),
      'no previews',
    );
    const r = repo.ferry(['preview', 'open', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not export previewEnvironment(branch: string): Environment');
  }, 30_000);
});
