/**
 * Time: sleeping, polling and a clock that tests and a controller can replace. Every wait takes an
 * AbortSignal, so a sync can be cancelled at any await.
 */

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (!signal) return new Promise((r) => setTimeout(r, ms));
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> => abortableSleep(ms, signal);

/** Wall-clock time and waiting; `systemClock` in production, a controllable one in tests. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep: abortableSleep };

export interface PollOptions {
  readonly timeoutMs: number;
  /** @default 500 */
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
  /** @default systemClock */
  readonly clock?: Clock;
}

/**
 * Call `check` until it returns a value (not undefined) or the time is up; returns undefined on
 * timeout. Errors thrown by `check` end the poll, as does the signal.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  opts: PollOptions,
): Promise<T | undefined> {
  const clock = opts.clock ?? systemClock;
  const deadline = clock.now() + opts.timeoutMs;
  const interval = opts.intervalMs ?? 500;
  for (;;) {
    opts.signal?.throwIfAborted();
    const v = await check();
    if (v !== undefined) return v;
    if (clock.now() >= deadline) return undefined;
    await clock.sleep(Math.min(interval, Math.max(0, deadline - clock.now())), opts.signal);
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
