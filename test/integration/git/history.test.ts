/** `ferry history <env>` and `--diff` against a deploy branch built by real publishes. */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { LocalRepo } from '../../../operator/adapters/git';
import { publish } from '../../../operator/deploy';
import { Scratch, SourceRepo, writeEnv } from './repos';

const ROOT = join(__dirname, '..', '..', '..');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');

describe('ferry history (real git)', () => {
  const scratch = new Scratch();
  const remote = scratch.bare();
  const source = new SourceRepo(scratch.path('source'));
  const dist = scratch.path('dist');
  const commits: Record<string, string> = {};
  const deploys: string[] = [];

  function ferry(args: string[]) {
    const r = spawnSync(NODE, [join(ROOT, 'bin', 'ferry.js'), ...args], {
      env: { ...process.env, FERRY_CACHE_DIR: scratch.path('cache') },
      encoding: 'utf8',
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  async function release(name: string, dev: string, staging: string): Promise<void> {
    const sha = source.commit(name);
    commits[name] = sha;
    rmSync(dist, { recursive: true, force: true });
    writeEnv(dist, 'dev', { sourceCommit: sha, images: { api: dev, worker: '1.0' } });
    writeEnv(dist, 'staging', { sourceCommit: sha, images: { api: staging, worker: '1.0' } });
    const r = await publish({
      repo: remote,
      branch: 'deploy',
      auth: {},
      distDir: dist,
      sourceRepo: await LocalRepo.find(source.dir),
    });
    if (r.outcome === 'published') deploys.unshift(r.commit!);
  }

  beforeAll(async () => {
    await release('first', '1.0', '1.0');
    await release('dev gets 1.1', '1.1', '1.0');
    await release('staging gets 1.1', '1.1', '1.1');
    await release('dev gets 1.2', '1.2', '1.1');
  }, 60_000);
  afterAll(() => scratch.dispose());

  it('lists the commits that changed an environment, newest first, with source, author and images', () => {
    const r = ferry(['history', 'staging', '--repo', remote]);
    expect(r.stderr).toBe(`fetching deploy of ${remote}\n`);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^#\s+REVISION\s+DATE\s+SOURCE\s+AUTHOR\s+IMAGES\s+MESSAGE$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      new RegExp(
        `^0\\s+${deploys[1]!.slice(0, 12)}\\s+\\S+ \\S+\\s+${commits['staging gets 1.1']!.slice(0, 12)}\\s+Dana Dev\\s+api 1.0 -> 1.1\\s+publish`,
      ),
    );
    expect(lines[2]).toMatch(new RegExp(`^1\\s+${deploys[3]!.slice(0, 12)}.*\\s+added\\s+publish`));
  }, 30_000);

  it('prints JSON with full ids and image moves', () => {
    const r = ferry(['history', 'dev', '--repo', remote, '--json']);
    expect(r.code).toBe(0);
    const history = JSON.parse(r.stdout);
    expect(history.tip).toBe(deploys[0]);
    expect(history.entries.map((e: { sourceCommit: string }) => e.sourceCommit)).toEqual([
      commits['dev gets 1.2'],
      commits['dev gets 1.1'],
      commits['first'],
    ]);
    expect(history.entries[0].images).toEqual([
      { repository: 'ghcr.io/acme/api', from: ['1.1'], to: ['1.2'] },
    ]);
    expect(history.entries[2].action).toBe('add');
  }, 30_000);

  it('--diff shows what changed in the folder from a past revision (index or commit) to the head', () => {
    const byIndex = ferry(['history', 'dev', '--repo', remote, '--diff', '2']);
    expect(byIndex.code).toBe(0);
    expect(byIndex.stdout).toContain(`dev: changes from ${deploys[3]!.slice(0, 12)} to the head of deploy`);
    expect(byIndex.stdout).toContain('image ghcr.io/acme/api 1.0 -> 1.2');
    expect(byIndex.stdout).toContain('~ Deployment/shop-dev/api');
    expect(byIndex.stdout).toContain(
      'spec.template.spec.containers[api].image: "ghcr.io/acme/api:1.0" -> "ghcr.io/acme/api:1.2"',
    );
    expect(byIndex.stdout).not.toContain('worker');
    const byRevision = ferry([
      'history',
      'dev',
      '--repo',
      remote,
      '--diff',
      deploys[2]!.slice(0, 8),
      '--patch',
    ]);
    expect(byRevision.code).toBe(0);
    expect(byRevision.stdout).toContain('image ghcr.io/acme/api 1.1 -> 1.2');
    expect(byRevision.stdout).toContain('-        - image: ghcr.io/acme/api:1.1');
    expect(byRevision.stdout).toContain('+        - image: ghcr.io/acme/api:1.2');
    const same = ferry(['history', 'staging', '--repo', remote, '--diff', '0']);
    expect(same.stdout).toContain('staging is the same at');
  }, 30_000);

  it('exits 2 on a revision that is not on the branch, and says so for an environment never published', () => {
    const r = ferry(['history', 'dev', '--repo', remote, '--diff', 'deadbeef']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('revision "deadbeef" is not on branch deploy');
    const none = ferry(['history', 'production', '--repo', remote]);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(
      /production has no history on deploy \(at [0-9a-f]{12}\): it was never published/,
    );
    const index = ferry(['history', 'dev', '--repo', remote, '--diff', '7']);
    expect(index.code).toBe(2);
    expect(index.stderr).toContain('dev has 3 entries in the history of deploy; there is no #7');
  }, 30_000);
});
