/**
 * Requests to remote repositories, for metrics: the process that runs the operator registers one
 * observer (`ferry_git_requests_total`); the CLI registers none. Process-wide on purpose: caches
 * are created per sync deep inside the source layer, and threading a hook through every layer for
 * a counter would cost more than it says.
 */
export type GitOperation = 'ls-remote' | 'fetch';
export type GitObserver = (operation: GitOperation, ok: boolean) => void;

let observer: GitObserver | undefined;

/** Register (or, with undefined, remove) the observer of remote git requests. */
export function observeGitRequests(fn: GitObserver | undefined): void {
  observer = fn;
}

/** Run a remote request, telling the observer how it went. */
export async function observed<T>(operation: GitOperation, fn: () => Promise<T>): Promise<T> {
  try {
    const out = await fn();
    observer?.(operation, true);
    return out;
  } catch (err) {
    observer?.(operation, false);
    throw err;
  }
}
