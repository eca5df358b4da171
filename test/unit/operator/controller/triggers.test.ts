import {
  FightGuard,
  isDriftCandidate,
  keepLastWriter,
  PollTrigger,
  pollGroups,
  readersOf,
  repoKey,
  SourceTips,
  type TriggerContext,
} from '../../../../operator/controller';
import type { EnvironmentResource } from '../../../../operator/model';

const env = (
  name: string,
  repo: string,
  spec: Partial<EnvironmentResource['spec']> = {},
): EnvironmentResource => ({
  apiVersion: 'ferry.dev/v1alpha1',
  kind: 'Environment',
  metadata: { name, namespace: 'ferry-system' },
  spec: {
    source: { repo, branch: 'deploy' },
    destination: { cluster: 'in-cluster', namespace: name },
    interval: '1m',
    ...spec,
  },
});

describe('repository keys', () => {
  it.each([
    ['https://Deploy-Bot:tok@GitHub.com/Acme/Deploy.git/', 'github.com/acme/deploy'],
    ['git@github.com:acme/deploy.git', 'github.com/acme/deploy'],
    ['ssh://git@gitlab.example.com:22/platform/deploy', 'gitlab.example.com/platform/deploy'],
    ['https://git.example.com:8443/Platform/Deploy', 'git.example.com:8443/Platform/Deploy'],
    ['file:///srv/git/deploy.git', '/srv/git/deploy'],
    ['/srv/git/deploy.git', '/srv/git/deploy'],
  ])('%s → %s', (url, key) => expect(repoKey(url)).toBe(key));
});

describe('which Environments a push concerns', () => {
  it('exactly those reading that repository (however spelled) and branch, not deleting ones', () => {
    const envs = [
      env('a', 'https://github.com/acme/deploy.git'),
      env('b', 'git@github.com:acme/deploy.git'),
      env('c', 'https://github.com/acme/other.git'),
      env('d', 'https://github.com/acme/deploy.git', {
        source: { repo: 'https://github.com/acme/deploy', branch: 'main' },
      }),
      { ...env('e', 'https://github.com/acme/deploy'), metadata: { name: 'e', deletionTimestamp: 'x' } },
    ];
    const names = readersOf(envs, { repos: ['https://github.com/Acme/deploy'], branch: 'deploy' }).map(
      (e) => e.metadata.name,
    );
    expect(names).toEqual(['a', 'b']);
    expect(
      readersOf(envs, { repos: ['git@github.com:acme/deploy.git'], branch: 'main' }).map(
        (e) => e.metadata.name,
      ),
    ).toEqual(['d']);
  });
});

describe('cheap polling', () => {
  const ctx = (envs: EnvironmentResource[], enqueued: string[]): TriggerContext => ({
    enqueue: (e) => enqueued.push(e),
    heal: () => undefined,
    environments: () => envs,
    owns: (e) => e !== 'not-mine',
  });

  it('groups owned, unpinned, unsuspended Environments by branch with the smallest interval', () => {
    const groups = pollGroups(
      [
        env('a', '/srv/deploy.git', { interval: '30s' }),
        env('b', '/srv/deploy', { interval: '5s' }),
        env('pinned', '/srv/deploy', { revision: 'a'.repeat(40) }),
        env('off', '/srv/deploy', { suspend: true }),
        env('not-mine', '/srv/deploy'),
        env('other', '/srv/other'),
      ],
      (e) => e !== 'not-mine',
    );
    expect([...groups.keys()].sort()).toEqual(['/srv/deploy#deploy', '/srv/other#deploy']);
    const g = groups.get('/srv/deploy#deploy')!;
    expect(g.envs.map((e) => e.metadata.name)).toEqual(['a', 'b']);
    expect(g.intervalMs).toBe(5000);
    const capped = pollGroups([env('a', '/srv/deploy', { interval: '10m' })], () => true, 15_000);
    expect(capped.get('/srv/deploy#deploy')!.intervalMs).toBe(15_000);
  });

  it('one ls-remote per branch per interval, shared; a moved tip enqueues its readers only', async () => {
    let now = 0;
    const calls: string[] = [];
    let tip = 'a'.repeat(40);
    const tips = new SourceTips(() => now);
    const poll = new PollTrigger({
      tips,
      intervalMs: 60_000,
      now: () => now,
      lsRemote: async (repo, branch) => {
        calls.push(`${repo}#${branch}`);
        return repo.includes('other') ? 'c'.repeat(40) : tip;
      },
    });
    const envs = [
      ...Array.from({ length: 10 }, (_, i) => env(`e${i}`, '/srv/deploy')),
      env('x', '/srv/other'),
    ];
    const enqueued: string[] = [];
    const c = ctx(envs, enqueued);
    const flush = () => new Promise((r) => setImmediate(r));
    poll.tick(c); // the first tick only starts the clock
    expect(calls).toEqual([]);
    now = 60_000;
    poll.tick(c);
    await flush();
    expect(calls.sort()).toEqual(['/srv/deploy#deploy', '/srv/other#deploy']);
    expect(enqueued).toEqual([]); // the first tip seen is not a change
    now = 90_000;
    poll.tick(c);
    await flush();
    expect(calls).toHaveLength(2); // not due yet
    tip = 'b'.repeat(40);
    now = 120_000;
    poll.tick(c);
    await flush();
    expect(calls).toHaveLength(4);
    expect(enqueued.sort()).toEqual(
      envs
        .slice(0, 10)
        .map((e) => e.metadata.name)
        .sort(),
    );
    expect(tips.get('/srv/deploy', 'deploy')?.revision).toBe(tip);
  });
});

describe('the fight guard', () => {
  const ref = { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'api' };
  it('more than `limit` reverts of one object in the window starts a fight naming the manager', () => {
    let now = 0;
    const guard = new FightGuard({ limit: 2, windowMs: 60_000, backoffMs: 300_000 }, () => now);
    expect(guard.reverted('dev', [{ ref, manager: 'hpa' }])).toBeUndefined();
    now = 1000;
    expect(guard.reverted('dev', [{ ref, manager: 'hpa' }])).toBeUndefined();
    now = 2000;
    const fight = guard.reverted('dev', [{ ref, manager: 'hpa' }]);
    expect(fight).toMatchObject({ ref, manager: 'hpa', reverts: 3 });
    expect(guard.paused('dev', ref)).toBe(true);
    expect(guard.paused('prod', ref)).toBe(false);
    now = 2000 + 300_000;
    expect(guard.active('dev')).toEqual([]);
  });

  it('reverts spread beyond the window are not a fight; a reset starts over', () => {
    let now = 0;
    const guard = new FightGuard({ limit: 1, windowMs: 10_000, backoffMs: 60_000 }, () => now);
    guard.reverted('dev', [{ ref }]);
    now = 20_000;
    expect(guard.reverted('dev', [{ ref }])).toBeUndefined();
    guard.reverted('dev', [{ ref }]);
    expect(guard.active('dev')).toHaveLength(1);
    guard.reset('dev');
    expect(guard.active('dev')).toEqual([]);
  });
});

describe('branch tips', () => {
  it('a sync’s own revision is known but not fresh; a push without a commit makes the tip stale', () => {
    let now = 1_000_000;
    const tips = new SourceTips(() => now);
    expect(tips.observe('/srv/deploy.git', 'deploy', 'a', false)).toBe(true);
    expect(tips.fresh('/srv/deploy', 'deploy', 30_000)).toBeUndefined();
    expect(tips.observe('/srv/deploy', 'deploy', 'a')).toBe(false);
    now += 1000;
    expect(tips.fresh('/srv/deploy', 'deploy', 30_000)).toBe('a');
    tips.observe('/srv/deploy', 'deploy', 'a', false); // keeps the poll's freshness
    expect(tips.fresh('/srv/deploy', 'deploy', 30_000)).toBe('a');
    tips.forget('/srv/deploy', 'deploy');
    expect(tips.fresh('/srv/deploy', 'deploy', 30_000)).toBeUndefined();
    expect(tips.get('/srv/deploy', 'deploy')?.revision).toBe('a');
  });
});

describe('what the drift watch counts as a change', () => {
  const deploy = (gen: number, entries: object[], extra: object = {}) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'api',
      namespace: 'shop',
      generation: gen,
      resourceVersion: String(gen),
      managedFields: entries,
      ...extra,
    },
  });
  const ferry = (time: string) => ({ manager: 'ferry', operation: 'Apply', time });
  it('a scale through /scale (no entry of its own) is drift; Ferry’s own apply is not; status is not', () => {
    const before = keepLastWriter(deploy(1, [ferry('2026-01-01T00:00:01Z')]));
    expect(isDriftCandidate(keepLastWriter(deploy(2, [ferry('2026-01-01T00:00:01Z')])), before)).toBe(true);
    expect(isDriftCandidate(keepLastWriter(deploy(2, [ferry('2026-01-01T00:00:05Z')])), before)).toBe(false);
    const byHand = keepLastWriter(
      deploy(2, [
        ferry('2026-01-01T00:00:01Z'),
        { manager: 'kubectl-edit', operation: 'Update', time: '2026-01-01T00:00:03Z' },
      ]),
    );
    expect(isDriftCandidate(byHand, before)).toBe(true);
    expect(isDriftCandidate(keepLastWriter(deploy(2, [ferry('2026-01-01T00:00:09Z')])), byHand)).toBe(false);
    const statusOnly = keepLastWriter(
      deploy(1, [
        ferry('2026-01-01T00:00:01Z'),
        { manager: 'kcm', operation: 'Update', subresource: 'status', time: '2026-01-01T00:00:09Z' },
      ]),
    );
    expect(isDriftCandidate(statusOnly, before)).toBe(false);
  });

  it('keeps only identity, the metadata a change is judged by and the last writer (no spec, data or status)', () => {
    const kept = keepLastWriter({
      ...deploy(3, [
        ferry('2026-01-01T00:00:01Z'),
        { manager: 'kubectl-edit', operation: 'Update', time: '2026-01-01T00:00:03Z' },
      ]),
      spec: { replicas: 3 },
      status: { readyReplicas: 3 },
      data: { big: 'x'.repeat(10_000) },
    } as never);
    expect(kept).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'api',
        namespace: 'shop',
        generation: 3,
        resourceVersion: '3',
        managedFields: [{ manager: 'kubectl-edit', operation: 'Update', time: '2026-01-01T00:00:03Z' }],
      },
    });
  });
});
