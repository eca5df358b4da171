/**
 * The one control plane of an integration run. Started by global-setup.ts in jest's main process,
 * stopped by global-teardown.ts; tests find it through environment variables (jest workers inherit
 * the main process's environment):
 *
 *   FERRY_TEST_KUBECONFIG  admin kubeconfig of the test cluster
 *   FERRY_TEST_CLUSTER     its name (`jest-<pid>`), empty when an external cluster is used
 *   FERRY_TEST_APISERVER   its https URL
 *
 * Set FERRY_TEST_KUBECONFIG yourself to run the tests against a cluster you started
 * (`export FERRY_TEST_KUBECONFIG=$(npx ferry cluster up --name dev)`): nothing is started or stopped.
 * Set FERRY_TEST_KEEP_LOGS=1 to keep the component logs after the run.
 *
 * Leaks are prevented in four layers:
 * 1. global teardown stops the cluster (SIGTERM, then SIGKILL, and checks no process is left);
 * 2. exit and signal handlers (exit, SIGINT, SIGTERM, SIGHUP) in jest's main process SIGKILL the
 *    recorded process groups synchronously if jest ends without reaching teardown;
 * 3. a detached watchdog (tools/cluster/watchdog.ts) kills them when jest's pid disappears, even
 *    after a SIGKILL of jest, where no handler runs;
 * 4. global setup sweeps `jest-<pid>` clusters left by earlier runs whose jest process is gone.
 * Components never inherit jest's stdio (their output goes to log files), so none can hold the
 * test run's output open.
 */
import { isAlive, killGroupsSync } from '../../../tools/cluster/processes';
import { rmSync } from 'node:fs';
import { clusterDir, defaultStateRoot, pgidsFile, readRecord } from '../../../tools/cluster/state';
import { clusterStatus, startCluster, stopCluster } from '../../../tools/cluster';

const PREFIX = 'jest-';

function say(line: string): void {
  process.stderr.write(`[ferry test cluster] ${line}\n`);
}

interface Handlers {
  readonly onExit: () => void;
  readonly onSignal: (signal: NodeJS.Signals) => void;
}

const HANDLERS = Symbol.for('ferry.testCluster.handlers');
type GlobalWithHandlers = typeof globalThis & { [HANDLERS]?: Handlers };
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const SIGNAL_CODES: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** Synchronous, for exit and signal handlers: SIGKILL every recorded group, forget the cluster. */
function killNow(name: string): void {
  const dir = clusterDir(defaultStateRoot(), name);
  const record = readRecord(dir);
  if (!record) return;
  rmSync(pgidsFile(dir), { force: true });
  killGroupsSync([...record.processes, ...(record.watchdog ? [record.watchdog] : [])]);
  if (process.env.FERRY_TEST_KEEP_LOGS !== '1') rmSync(dir, { recursive: true, force: true });
}

function installHandlers(name: string): void {
  const onExit = (): void => killNow(name);
  const onSignal = (signal: NodeJS.Signals): void => {
    say(`${signal}: killing cluster ${name}`);
    killNow(name);
    process.exit(128 + (SIGNAL_CODES[signal] ?? 0));
  };
  process.on('exit', onExit);
  for (const s of SIGNALS) process.on(s, onSignal);
  (globalThis as GlobalWithHandlers)[HANDLERS] = { onExit, onSignal };
}

function removeHandlers(): void {
  const handlers = (globalThis as GlobalWithHandlers)[HANDLERS];
  if (!handlers) return;
  process.off('exit', handlers.onExit);
  for (const s of SIGNALS) process.off(s, handlers.onSignal);
  delete (globalThis as GlobalWithHandlers)[HANDLERS];
}

/** Stops `jest-<pid>` clusters whose jest process no longer exists. */
async function sweepStale(): Promise<void> {
  for (const c of clusterStatus()) {
    const pid = Number(c.name.slice(PREFIX.length));
    if (!c.name.startsWith(PREFIX) || !Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    say(`removing stale cluster ${c.name} (its jest process is gone)`);
    await stopCluster(c.name);
  }
}

export async function startTestCluster(): Promise<void> {
  if (process.env.FERRY_TEST_KUBECONFIG) {
    say(`using the cluster of FERRY_TEST_KUBECONFIG=${process.env.FERRY_TEST_KUBECONFIG}`);
    process.env.FERRY_TEST_CLUSTER = '';
    return;
  }
  await sweepStale();
  const name = `${PREFIX}${process.pid}`;
  installHandlers(name);
  const began = Date.now();
  try {
    // Recorded as cluster "local", the destination of the test environments (and of dev).
    const handle = await startCluster({
      name,
      identity: 'local',
      stopWhenProcessExits: process.pid,
      log: say,
    });
    process.env.FERRY_TEST_KUBECONFIG = handle.kubeconfigPath;
    process.env.FERRY_TEST_CLUSTER = handle.name;
    process.env.FERRY_TEST_APISERVER = handle.apiserverUrl;
    say(`started in ${((Date.now() - began) / 1000).toFixed(1)}s: ${handle.kubeconfigPath}`);
  } catch (err) {
    removeHandlers();
    throw new Error(
      `integration tests need the local control plane, which failed to start:\n${(err as Error).message}`,
    );
  }
}

export async function stopTestCluster(): Promise<void> {
  const name = process.env.FERRY_TEST_CLUSTER;
  if (!name) return;
  try {
    await stopCluster(name, { keepLogs: process.env.FERRY_TEST_KEEP_LOGS === '1' });
  } finally {
    removeHandlers();
    delete process.env.FERRY_TEST_KUBECONFIG;
    delete process.env.FERRY_TEST_CLUSTER;
    delete process.env.FERRY_TEST_APISERVER;
  }
}
