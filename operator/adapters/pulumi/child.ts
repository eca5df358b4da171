/**
 * Runs a TypeScript module in a child Node process (its own process group) and talks to it over
 * IPC, so that a Pulumi program that hangs, leaks or crashes cannot take the caller down:
 *
 * - the caller sends one request and receives messages until the child exits;
 * - cancel (AbortSignal) or the deadline first asks the child to stop (`{ type: 'cancel' }`: it
 *   cancels Pulumi gracefully), then after `graceMs` terminates the whole group (the pulumi CLI and
 *   its plugins included), then kills it;
 * - if the caller dies, the child notices the closed channel and stops on its own (`onParentGone`).
 */
import { fork, type ChildProcess } from 'node:child_process';

export interface ChildRun<Req, Msg> {
  /** Absolute path of the module; it calls `serveChild` when it is the main module. */
  readonly entry: string;
  readonly request: Req;
  readonly onMessage: (msg: Msg) => void;
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
  /** @default 20 s */
  readonly graceMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Why the caller stopped it, if it did. */
  readonly stopped?: 'cancelled' | 'timed out';
  /** The last lines the child wrote to stderr (for crash reports). */
  readonly stderrTail: string;
}

function killGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, sig);
  } catch {
    child.kill(sig);
  }
}

export function runChild<Req, Msg>(run: ChildRun<Req, Msg>): Promise<ChildExit> {
  const child = fork(run.entry, [], {
    execArgv: ['--require', require.resolve('tsx/cjs')],
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: run.env ?? process.env,
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  child.on('message', (m) => run.onMessage(m as Msg));
  let stopped: ChildExit['stopped'];
  const timers: NodeJS.Timeout[] = [];
  const stop = (why: NonNullable<ChildExit['stopped']>) => {
    if (stopped) return;
    stopped = why;
    if (child.connected) child.send({ type: 'cancel' });
    const grace = run.graceMs ?? 20_000;
    timers.push(setTimeout(() => killGroup(child, 'SIGTERM'), grace));
    timers.push(setTimeout(() => killGroup(child, 'SIGKILL'), grace + 5_000));
  };
  const onAbort = () => stop('cancelled');
  if (run.signal?.aborted) onAbort();
  run.signal?.addEventListener('abort', onAbort);
  timers.push(setTimeout(() => stop('timed out'), run.timeoutMs));
  child.send({ type: 'request', request: run.request });
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      run.signal?.removeEventListener('abort', onAbort);
      // Whatever the child started in its group goes with it.
      killGroup(child, 'SIGKILL');
      resolve({ code, signal, ...(stopped ? { stopped } : {}), stderrTail: stderr.trim() });
    });
  });
}

export interface ChildContext<Msg> {
  send(msg: Msg): void;
  /** Aborted when the caller asks to cancel or goes away. */
  readonly signal: AbortSignal;
}

/**
 * The child side: waits for the request, runs `handle`, then exits. When the caller's channel
 * closes (the caller died), the signal aborts and the child exits after `handle` returns.
 */
export function serveChild<Req, Msg>(handle: (req: Req, ctx: ChildContext<Msg>) => Promise<void>): void {
  const abort = new AbortController();
  process.on('disconnect', () => abort.abort(new Error('the caller went away')));
  process.once('message', (m: { type: string; request: Req }) => {
    process.on('message', (c: { type: string }) => {
      if (c.type === 'cancel') abort.abort(new Error('cancelled'));
    });
    // Messages are delivered in order and flushed before the child exits.
    let sent: Promise<void> = Promise.resolve();
    const send = (msg: Msg) => {
      sent = sent.then(
        () =>
          new Promise<void>((r) => (process.connected && process.send ? process.send(msg, () => r()) : r())),
      );
    };
    const exit = (code: number) => void sent.then(() => process.exit(code));
    handle(m.request, { send, signal: abort.signal }).then(
      () => exit(0),
      (err: Error) => {
        process.stderr.write(`${err.stack ?? err.message}\n`);
        exit(1);
      },
    );
  });
}
