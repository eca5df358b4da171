/** Time: sleeping and polling, in one place so waits share their behaviour. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface PollOptions {
  readonly timeoutMs: number;
  /** @default 500 */
  readonly intervalMs?: number;
}

/**
 * Call `check` until it returns a value (not undefined) or the time is up; returns undefined on
 * timeout. Errors thrown by `check` end the poll.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  opts: PollOptions,
): Promise<T | undefined> {
  const deadline = Date.now() + opts.timeoutMs;
  const interval = opts.intervalMs ?? 500;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() >= deadline) return undefined;
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
  }
}

/** Run `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
