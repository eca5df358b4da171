/**
 * `publish` against real repositories: a source repository with commits, a bare deploy remote,
 * dist/ folders in the deploy format.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { LocalRepo } from '../../../operator/adapters/git';
import { DeployInputError, OlderSourceError, publish, type PublishOptions } from '../../../operator/deploy';
import { Scratch, SourceRepo, branchFiles, branchLog, changedPaths, git, showFile, writeEnv } from './repos';

describe('ferry publish (library, real git)', () => {
  let scratch: Scratch;
  let remote: string;
  let source: SourceRepo;
  let dist: string;
  let lines: string[];

  beforeEach(() => {
    scratch = new Scratch();
    remote = scratch.bare();
    source = new SourceRepo(scratch.path('source'));
    dist = scratch.path('dist');
    lines = [];
  });
  afterEach(() => scratch.dispose());

  async function run(extra: Partial<PublishOptions> = {}) {
    return publish({
      repo: remote,
      branch: 'deploy',
      auth: {},
      distDir: dist,
      sourceRepo: await LocalRepo.find(source.dir),
      retryDelayMs: () => 0,
      log: (l) => lines.push(l),
      ...extra,
    });
  }

  function synth(sourceCommit: string, tags: { dev: string; staging: string }): void {
    rmSync(dist, { recursive: true, force: true });
    writeEnv(dist, 'dev', { sourceCommit, images: { api: tags.dev, worker: '1.0' } });
    writeEnv(dist, 'staging', { sourceCommit, images: { api: tags.staging, worker: '1.0' } });
  }

  it('creates the branch on the first publish, with a message naming source, environments and images', async () => {
    const a = source.commit('Add the API');
    synth(a, { dev: '1.1', staging: '1.0' });
    const result = await run();
    expect(result.outcome).toBe('published');
    expect(branchLog(remote)).toEqual([result.commit]);
    expect(branchFiles(remote)).toEqual([
      'dev/environment.json',
      'dev/manifests/shop-dev--deployment.apps--api.yaml',
      'dev/manifests/shop-dev--deployment.apps--worker.yaml',
      'staging/environment.json',
      'staging/manifests/shop-staging--deployment.apps--api.yaml',
      'staging/manifests/shop-staging--deployment.apps--worker.yaml',
    ]);
    const message = git(remote, 'log', '-1', '--format=%B', 'deploy');
    expect(message.split('\n')[0]).toBe(`publish ${a.slice(0, 12)}: dev, staging`);
    expect(message).toContain(`Source commit ${a} "Add the API"`);
    expect(message).toContain('  dev: ghcr.io/acme/api (new) 1.1');
    expect(message).toContain('  staging: ghcr.io/acme/api (new) 1.0');
    expect(message.trim().split('\n').pop()).toBe(`Ferry-Source: ${a}`);
    expect(git(remote, 'log', '-1', '--format=%an <%ae>', 'deploy')).toBe('Dana Dev <dev@example.com>');
    expect(lines).toContain('deploy of ' + remote + ' does not exist yet; publishing creates it');
  });

  it('makes no commit when nothing changed, even from a newer source commit', async () => {
    const a = source.commit('A');
    synth(a, { dev: '1.1', staging: '1.0' });
    const first = await run();
    const b = source.commit('B: docs only');
    synth(b, { dev: '1.1', staging: '1.0' });
    const second = await run();
    expect(second.outcome).toBe('unchanged');
    expect(second.commit).toBe(first.commit);
    expect(second.unchanged).toEqual(['dev', 'staging']);
    expect(branchLog(remote)).toEqual([first.commit]);
  });

  it('touches only the changed environment folder and names the image tag that moved', async () => {
    const a = source.commit('A');
    synth(a, { dev: '1.1', staging: '1.0' });
    await run();
    const b = source.commit('B: staging takes 1.1');
    synth(b, { dev: '1.1', staging: '1.1' });
    const result = await run();
    expect(result.outcome).toBe('published');
    expect(result.changes.map((c) => c.name)).toEqual(['staging']);
    expect(changedPaths(remote, 'deploy')).toEqual([
      'staging/environment.json',
      'staging/manifests/shop-staging--deployment.apps--api.yaml',
    ]);
    const message = git(remote, 'log', '-1', '--format=%B', 'deploy');
    expect(message.split('\n')[0]).toBe(`publish ${b.slice(0, 12)}: staging`);
    expect(message).toContain('  staging: ghcr.io/acme/api 1.0 -> 1.1');
    expect(message).not.toContain('worker');
    // dev keeps the source commit it was last changed by
    expect(JSON.parse(showFile(remote, 'deploy', 'dev/environment.json')).sourceCommit).toBe(a);
    expect(JSON.parse(showFile(remote, 'deploy', 'staging/environment.json')).sourceCommit).toBe(b);
  });

  it('lands two publishes that raced from the same tip, keeping both runs’ environments', async () => {
    const a = source.commit('A: dev 1.1');
    synth(a, { dev: '1.0', staging: '1.0' });
    await run();
    const distA = scratch.path('dist-a');
    const distB = scratch.path('dist-b');
    writeEnv(distA, 'dev', { sourceCommit: a, images: { api: '1.1', worker: '1.0' } });
    writeEnv(distA, 'staging', { sourceCommit: a, images: { api: '1.0', worker: '1.0' } });
    const b = source.commit('B: staging 1.1 (child of A)');
    writeEnv(distB, 'dev', { sourceCommit: b, images: { api: '1.1', worker: '1.0' } });
    writeEnv(distB, 'staging', { sourceCommit: b, images: { api: '1.1', worker: '1.0' } });
    // B builds its commit on the same tip as A and waits; A pushes first; then B pushes and loses.
    let bBuilt!: () => void;
    const bHasBuilt = new Promise<void>((r) => (bBuilt = r));
    let releaseB!: () => void;
    const bMayPush = new Promise<void>((r) => (releaseB = r));
    const runB = run({
      distDir: distB,
      beforePush: async (attempt) => {
        if (attempt > 1) return;
        bBuilt();
        await bMayPush;
      },
    });
    const resA = await run({ distDir: distA, beforePush: () => bHasBuilt });
    releaseB();
    const resB = await runB;
    expect(resA.outcome).toBe('published');
    expect(resB.outcome).toBe('published');
    expect(resB.attempts).toBe(2);
    expect(branchLog(remote)).toHaveLength(3);
    expect(showFile(remote, 'deploy', 'dev/manifests/shop-dev--deployment.apps--api.yaml')).toContain(
      'api:1.1',
    );
    expect(showFile(remote, 'deploy', 'staging/manifests/shop-staging--deployment.apps--api.yaml')).toContain(
      'api:1.1',
    );
    // after the rebase, B's commit holds only what A had not published already
    expect(resB.changes.map((c) => c.name)).toEqual(['staging']);
    expect(git(remote, 'log', '-1', '--format=%B', 'deploy')).toContain(`Ferry-Source: ${b}`);
  });

  it('refuses an older source commit than the branch has, unless forced', async () => {
    const a = source.commit('A');
    const b = source.commit('B');
    synth(b, { dev: '1.2', staging: '1.1' });
    const published = await run();
    synth(a, { dev: '1.1', staging: '1.1' });
    await expect(run()).rejects.toThrow(OlderSourceError);
    await expect(run()).rejects.toThrow(
      `dev: the deploy branch has it from source commit ${b.slice(0, 12)}, which is not an ancestor of ${a.slice(0, 12)}`,
    );
    expect(branchLog(remote)).toEqual([published.commit]);
    const forced = await run({ force: true });
    expect(forced.outcome).toBe('published');
    expect(showFile(remote, 'deploy', 'dev/manifests/shop-dev--deployment.apps--api.yaml')).toContain(
      'api:1.1',
    );
  });

  it('refuses when the branch’s source commit is unknown to the source repository (a shallow clone)', async () => {
    const a = source.commit('A');
    synth(a, { dev: '1.1', staging: '1.0' });
    await run();
    const stranger = new SourceRepo(scratch.path('other'));
    const x = stranger.commit('X');
    synth(x, { dev: '1.2', staging: '1.0' });
    await expect(run({ sourceRepo: await LocalRepo.find(stranger.dir) })).rejects.toThrow(
      /not in the source repository .*fetch-depth: 0/,
    );
    const allowed = await run({ sourceRepo: await LocalRepo.find(stranger.dir), unknownAncestry: 'allow' });
    expect(allowed.outcome).toBe('published');
  });

  it('publishes a subset without touching other folders, and removes folders only when asked', async () => {
    const a = source.commit('A');
    synth(a, { dev: '1.1', staging: '1.0' });
    await run();
    const b = source.commit('B');
    rmSync(dist, { recursive: true, force: true });
    writeEnv(dist, 'preview-login', { sourceCommit: b, images: { api: 'branch-login' } });
    const added = await run();
    expect(added.changes.map((c) => [c.name, c.action])).toEqual([['preview-login', 'add']]);
    expect(branchFiles(remote).filter((f) => f.endsWith('environment.json'))).toEqual([
      'dev/environment.json',
      'preview-login/environment.json',
      'staging/environment.json',
    ]);
    const removed = await run({ distDir: undefined, remove: ['preview-login', 'qa'] });
    expect(removed.changes.map((c) => [c.name, c.action])).toEqual([['preview-login', 'remove']]);
    expect(branchFiles(remote).filter((f) => f.endsWith('environment.json'))).toEqual([
      'dev/environment.json',
      'staging/environment.json',
    ]);
    expect(git(remote, 'log', '-1', '--format=%s', 'deploy')).toBe('Remove preview-login');
    expect(lines).toContain('  qa: not on the branch; nothing to remove');
  });

  it('reports a dry run per object and field without pushing', async () => {
    const a = source.commit('A');
    synth(a, { dev: '1.1', staging: '1.0' });
    await run();
    const b = source.commit('B');
    synth(b, { dev: '1.2', staging: '1.0' });
    const result = await run({ dryRun: true });
    expect(result.outcome).toBe('dry-run');
    expect(branchLog(remote)).toHaveLength(1);
    const dev = result.changes.find((c) => c.name === 'dev')!;
    expect(dev.images).toEqual([{ repository: 'ghcr.io/acme/api', from: ['1.1'], to: ['1.2'] }]);
    const api = dev.objects.find((o) => o.object === 'Deployment/shop-dev/api')!;
    expect(api.action).toBe('change');
    expect(api.fields.map((f) => f.path)).toEqual(['spec.template.spec.containers[api].image']);
  });

  it('rejects a dist/ folder that is not an environment, and environments from different commits', async () => {
    const a = source.commit('A');
    const b = source.commit('B');
    writeEnv(dist, 'dev', { sourceCommit: a, images: { api: '1' } });
    writeEnv(dist, 'staging', { sourceCommit: b, images: { api: '1' } });
    await expect(run()).rejects.toThrow(DeployInputError);
    await expect(run()).rejects.toThrow(/mixes environments synthesised from different source commits/);
    rmSync(dist, { recursive: true, force: true });
    writeEnv(dist, 'dev', { sourceCommit: a, images: { api: '1' } });
    rmSync(scratch.path('dist', 'dev', 'environment.json'));
    await expect(run()).rejects.toThrow(/dev has no environment.json/);
    writeEnv(dist, 'dev', { sourceCommit: null, images: { api: '1' } });
    await expect(run()).rejects.toThrow(/synthesised outside a git checkout/);
    writeEnv(dist, 'dev', { sourceCommit: a, images: { api: '1' } });
    await expect(run({ sourceCommit: b })).rejects.toThrow(/--source-commit [0-9a-f]{12} differs from/);
    rmSync(dist, { recursive: true, force: true });
    mkdirSync(dist);
    await expect(run()).rejects.toThrow(/holds no environment folders; run `ferry synth` first/);
    expect(branchFiles(remote)).toEqual([]);
  });
});
