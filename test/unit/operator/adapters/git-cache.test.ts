import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectSnapshots, withLock } from '../../../../operator/adapters/git';

const dir = () => mkdtempSync(join(tmpdir(), 'ferry-gitcache-'));

describe('the git cache lock', () => {
  it('runs holders of one path one after another, and different paths at once', async () => {
    const root = dir();
    const log: string[] = [];
    const hold = (path: string, name: string) =>
      withLock(join(root, path), async () => {
        log.push(`${name}+`);
        await new Promise((r) => setTimeout(r, 30));
        log.push(`${name}-`);
      });
    await Promise.all([hold('a', 'a1'), hold('a', 'a2')]);
    expect(log).toEqual(['a1+', 'a1-', 'a2+', 'a2-']);
    log.length = 0;
    await Promise.all([hold('a', 'a'), hold('b', 'b')]);
    expect(log.slice(0, 2).sort()).toEqual(['a+', 'b+']);
  });

  it('breaks a lock left by a process that no longer exists, and times out on a live one', async () => {
    const root = dir();
    const repo = join(root, 'repo');
    mkdirSync(`${repo}.lock`);
    writeFileSync(
      join(`${repo}.lock`, 'owner'),
      JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), at: Date.now() }),
    );
    await expect(withLock(repo, async () => 'ran')).resolves.toBe('ran');
    mkdirSync(`${repo}.lock`);
    writeFileSync(
      join(`${repo}.lock`, 'owner'),
      JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now() }),
    );
    await expect(withLock(repo, async () => 'ran', { timeoutMs: 300 })).rejects.toThrow(
      /timed out waiting for the git cache lock/,
    );
  });
});

describe('snapshot garbage collection', () => {
  it('removes snapshots unused for a day, always keeping the most recent ones', () => {
    const root = dir();
    const old = (Date.now() - 2 * 86_400_000) / 1000;
    for (let i = 0; i < 8; i++) {
      const p = join(root, `rev${i}`);
      mkdirSync(p);
      if (i < 6) utimesSync(p, old - i, old - i);
    }
    mkdirSync(join(root, 'rev9.tmp-123'));
    const removed = collectSnapshots(root, { keep: 3 });
    // Kept: the two used recently, and the newest old one (keep 3); a snapshot being written stays.
    expect(removed.sort()).toEqual(['rev1', 'rev2', 'rev3', 'rev4', 'rev5']);
    expect(readdirSync(root).sort()).toEqual(['rev0', 'rev6', 'rev7', 'rev9.tmp-123']);
  });
});
