/** Polling until a condition holds, with a failure message that says what was awaited and what was seen. */

export interface WaitOptions {
  /** What is awaited, for the timeout message ("Deployment/x to have 3 available replicas"). */
  readonly description: string;
  /** @default 60000 */
  readonly timeout?: number;
  /** @default 250 */
  readonly interval?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/**
 * Calls `fn` until it returns something other than undefined, null or false, and returns that.
 * Errors thrown by `fn` count as "not yet"; the last one is reported on timeout.
 */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  opts: WaitOptions,
): Promise<T> {
  const timeout = opts.timeout ?? 60_000;
  const interval = opts.interval ?? 250;
  const deadline = Date.now() + timeout;
  let last: unknown;
  let lastError: Error | undefined;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== null && value !== false) return value;
      last = value;
      lastError = undefined;
    } catch (err) {
      lastError = err as Error;
    }
    if (Date.now() >= deadline) {
      const seen = lastError ? `last error: ${lastError.message}` : `last result: ${show(last)}`;
      throw new Error(`timed out after ${timeout / 1000}s waiting for ${opts.description}; ${seen}`);
    }
    await sleep(interval);
  }
}
