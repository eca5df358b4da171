/**
 * Worker-thread side of the synth engine: loads the app module once, then synthesises and
 * writes the environments the main thread hands it, one at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadEnvironments, type SynthContext } from './app-module';
import { commit, crashed } from './report';
import { synthEnvironment } from './synth-environment';

export interface WorkerData {
  readonly app: string;
  readonly outDir: string;
  readonly sourceCommit: string | null;
  readonly context: SynthContext;
}

export type ToWorker = { readonly env: string } | { readonly done: true };
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly report: import('./report').EnvironmentReport };

export function runWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('runWorker must run in a worker thread');
  const data = workerData as WorkerData;
  const envs = new Map(loadEnvironments(data.app, data.context).map((e) => [e.name, e]));
  port.on('message', (msg: ToWorker) => {
    if ('done' in msg) {
      port.close();
      return;
    }
    const started = performance.now();
    let report;
    try {
      const env = envs.get(msg.env);
      if (!env) throw new Error(`environment "${msg.env}" not found in the worker`);
      report = commit(data.outDir, synthEnvironment(env, data.sourceCommit), started);
    } catch (err) {
      report = crashed(msg.env, err, started);
    }
    port.postMessage({ type: 'result', report } satisfies FromWorker);
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}
