import { WorkQueue } from '../../../../operator/controller/queue';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('the work queue', () => {
  it('merges duplicate keys and never runs one key twice at once', async () => {
    const running = new Set<string>();
    const runs: string[] = [];
    let overlap = false;
    const q = new WorkQueue(async (key) => {
      if (running.has(key)) overlap = true;
      running.add(key);
      runs.push(key);
      await tick(20);
      running.delete(key);
      return {};
    });
    q.add('a');
    q.add('a');
    q.add('b');
    await tick(5);
    q.add('a'); // while a runs: once more afterwards, not now
    q.add('a');
    await tick(80);
    expect(runs.sort()).toEqual(['a', 'a', 'b']);
    expect(overlap).toBe(false);
    await q.stop();
  });

  it('limits parallel keys', async () => {
    let now = 0;
    let max = 0;
    const q = new WorkQueue(
      async () => {
        max = Math.max(max, ++now);
        await tick(15);
        now--;
        return {};
      },
      { concurrency: 2 },
    );
    for (const k of ['a', 'b', 'c', 'd', 'e']) q.add(k);
    await tick(100);
    expect(max).toBe(2);
    await q.stop();
  });

  it('backs off failures per key (doubling, capped) and resets on success', async () => {
    const q = new WorkQueue(async () => ({}), { backoffBaseMs: 2000, backoffMaxMs: 300_000 });
    expect([1, 2, 3, 4, 9, 20].map((n) => q.backoffMs(n))).toEqual([2000, 4000, 8000, 16000, 300000, 300000]);
    let fail = true;
    const seen: number[] = [];
    const fast = new WorkQueue(
      async () => {
        seen.push(Date.now());
        return fail ? { failed: true } : {};
      },
      { backoffBaseMs: 10, backoffMaxMs: 40 },
    );
    fast.add('k');
    await tick(60);
    expect(fast.failuresOf('k')).toBeGreaterThanOrEqual(2);
    fail = false;
    await tick(80);
    expect(fast.failuresOf('k')).toBe(0);
    await fast.stop();
    await q.stop();
  });

  it('requeues after the asked delay; forget drops it', async () => {
    const runs: string[] = [];
    const q = new WorkQueue(async (key) => {
      runs.push(key);
      return { requeueAfterMs: 20 };
    });
    q.add('x');
    await tick(50);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    q.forget('x');
    const n = runs.length;
    await tick(50);
    expect(runs.length).toBeLessThanOrEqual(n + 1);
    await q.stop();
  });
});
