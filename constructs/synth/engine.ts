/**
 * The synth engine: `synthEnvironments` loads an environments module, synthesises the selected
 * environments (in this thread and, for big apps, in worker threads on the other cores) and
 * writes each one atomically to `<outDir>/<env>/`.
 *
 * Failure semantics: an environment with any issue gets no folder — an existing folder of that
 * name is removed, so dist/ never holds output that does not match the current source. Two
 * environments with one name or one destination both fail. When the app itself cannot be loaded
 * (a throw in an environment's constructor), every environment folder is removed. When all
 * environments are synthesised (no `only`), folders of environments that no longer exist are
 * removed too. `ferry-system` (the operator's own install) is derived from the other environments
 * and synthesised after them (./system.ts).
 */
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { formatIssue, type Issue } from '../issues';
import { EMPTY_FOOTPRINT } from '../operator/footprint';
import { FerrySystem } from '../operator/ferry-system';
import type { SynthContext } from './app-module';
import { commit, crashed, refusedReport, type EnvironmentReport } from './report';
import { environmentSetIssues, loadApp } from './select';
import { synthEnvironment } from './synth-environment';
import { dependencyIssue, membership, prepareSystem, summarise } from './system';
import type { FromWorker, ToWorker, WorkerData } from './worker';
import { existingEnvironments, removeEnvironment } from './write';

export interface SynthOptions {
  /** Absolute path of a module exporting `allEnvironments()`. */
  readonly app: string;
  /** Only these environments. @default all */
  readonly only?: readonly string[];
  readonly outDir: string;
  /** Recorded in environment.json. */
  readonly sourceCommit: string | null;
  /** Maximum worker threads; 0 synthesises in this thread only. @default available cores - 1 */
  readonly workers?: number;
  /**
   * Use worker threads only from this many selected environments on (a worker costs a few hundred
   * milliseconds of start-up on another core; idle workers are stopped as soon as the queue is
   * empty). @default 4
   */
  readonly parallelFrom?: number;
  /** Passed to the app's `allEnvironments(context)`. @default {} */
  readonly context?: SynthContext;
  /** Progress lines. @default silent */
  readonly log?: (line: string) => void;
}

export interface SynthResult {
  readonly ok: boolean;
  /** In the order the app lists them. */
  readonly environments: readonly EnvironmentReport[];
  readonly issues: readonly Issue[];
}

/** A usage error: the caller asked for something that does not exist (exit code 2). */
export class UnknownEnvironmentError extends Error {
  constructor(
    readonly unknown: readonly string[],
    readonly known: readonly string[],
  ) {
    super(
      `unknown environment${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${known.join(', ')}`,
    );
    this.name = 'UnknownEnvironmentError';
  }
}

export async function synthEnvironments(opts: SynthOptions): Promise<SynthResult> {
  const outDir = path.resolve(opts.outDir);
  const log = opts.log ?? (() => undefined);
  const context = opts.context ?? {};
  const loaded = loadApp(opts.app, context);
  if (!loaded.ok) {
    // No environment can be trusted to match the source any more.
    for (const stale of existingEnvironments(outDir)) removeEnvironment(outDir, stale);
    return { ok: false, environments: [], issues: [loaded.issue] };
  }
  const all = loaded.environments;
  const known = [...new Set(all.map((e) => e.name))];
  const unknown = (opts.only ?? []).filter((n) => !known.includes(n));
  if (unknown.length) throw new UnknownEnvironmentError(unknown, known);
  const setIssues = environmentSetIssues(all);
  const refused = new Set(setIssues.map((i) => i.env));
  for (const name of refused) removeEnvironment(outDir, name);
  const selected = (opts.only?.length ? all.filter((e) => opts.only?.includes(e.name)) : all).filter(
    (e) => !refused.has(e.name),
  );

  const reports = new Map<string, EnvironmentReport>();
  // one column for every name (a preview's name with its hash is longer than most)
  const width = Math.max(24, ...known.map((n) => n.length));
  const record = (r: EnvironmentReport) => {
    reports.set(r.name, r);
    const what = r.ok
      ? `${r.objectCount} objects`
      : `FAILED (${r.issues.length} issue${r.issues.length === 1 ? '' : 's'})`;
    log(`${r.name.padEnd(width)} ${what.padEnd(20)} ${r.millis} ms`);
    for (const n of r.notes) log(`  note: ${formatIssue(n)}`);
  };
  const synthHere = (name: string) => {
    const started = performance.now();
    const env = selected.find((e) => e.name === name);
    try {
      if (!env) throw new Error(`environment "${name}" not found`);
      record(commit(outDir, synthEnvironment(env, opts.sourceCommit), started));
    } catch (err) {
      removeEnvironment(outDir, name);
      record(crashed(name, err, started));
    }
  };

  const queue = selected.filter((e) => !FerrySystem.is(e)).map((e) => e.name);
  const maxWorkers = Math.min(opts.workers ?? availableParallelism() - 1, queue.length - 1);
  if (maxWorkers > 0 && queue.length >= (opts.parallelFrom ?? 4)) {
    await runWithWorkers(
      queue,
      maxWorkers,
      { app: opts.app, outDir, sourceCommit: opts.sourceCommit, context },
      synthHere,
      record,
    );
  } else {
    for (const name of queue) synthHere(name);
  }

  // ferry-system is derived from the others: last, in this thread (see ./system.ts).
  for (const system of selected.filter(FerrySystem.is)) {
    const started = performance.now();
    const { issues, notes } = membership(system, all);
    const failed = prepareSystem(
      system,
      (name) => (refused.has(name) ? { ok: false, footprint: EMPTY_FOOTPRINT } : reports.get(name)),
      (env) => summarise(synthEnvironment(env, opts.sourceCommit)),
    );
    if (failed.length) issues.push(dependencyIssue(system, failed));
    if (issues.length) {
      removeEnvironment(outDir, system.name);
      record(refusedReport(system.name, issues, started));
      continue;
    }
    synthHere(system.name);
    const report = reports.get(system.name);
    if (report?.ok && notes.length) {
      for (const n of notes) log(`  note: ${formatIssue(n)}`);
      reports.set(system.name, { ...report, notes: [...report.notes, ...notes] });
    }
  }

  if (!opts.only?.length) {
    for (const stale of existingEnvironments(outDir)) {
      if (!known.includes(stale)) {
        removeEnvironment(outDir, stale);
        log(`${stale.padEnd(width)} removed (no longer defined)`);
      }
    }
  }
  const environments = selected.map((e) => reports.get(e.name)).filter((r): r is EnvironmentReport => !!r);
  const selectedSet = opts.only?.length ? setIssues.filter((i) => opts.only?.includes(i.env)) : setIssues;
  const issues = [...selectedSet, ...environments.flatMap((r) => r.issues)];
  return { ok: issues.length === 0 && environments.length === selected.length, environments, issues };
}

/** Shares `queue` between this thread and `n` workers, each taking the next environment when free. */
async function runWithWorkers(
  queue: string[],
  n: number,
  data: WorkerData,
  synthHere: (name: string) => void,
  record: (r: EnvironmentReport) => void,
): Promise<void> {
  let wake: (() => void) | undefined;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const inflight = new Map<Worker, string | undefined>();
  const bootstrap = `const { workerData } = require('node:worker_threads');
require(workerData.tsx);
require(workerData.entry).runWorker();`;
  const feed = (w: Worker) => {
    const next = queue.shift();
    inflight.set(w, next);
    w.postMessage((next === undefined ? { done: true } : { env: next }) satisfies ToWorker);
  };
  for (let i = 0; i < n; i++) {
    const w = new Worker(bootstrap, {
      eval: true,
      workerData: { ...data, tsx: require.resolve('tsx/cjs'), entry: path.join(__dirname, 'worker.ts') },
    });
    inflight.set(w, undefined);
    w.on('message', (msg: FromWorker) => {
      if (msg.type === 'result') record(msg.report);
      feed(w);
      poke();
    });
    const gone = () => {
      const lost = inflight.get(w);
      if (lost !== undefined) queue.unshift(lost); // finish it here
      inflight.delete(w);
      poke();
    };
    w.on('error', gone);
    w.on('exit', gone);
  }
  for (;;) {
    const name = queue.shift();
    if (name !== undefined) {
      synthHere(name);
      await new Promise((r) => setImmediate(r)); // let workers' messages in
      continue;
    }
    // Nothing left to hand out: workers still starting up are not needed any more.
    for (const [w, env] of inflight) {
      if (env === undefined) {
        inflight.delete(w);
        void w.terminate();
      }
    }
    if (inflight.size === 0) break;
    await new Promise<void>((r) => (wake = r));
  }
}
