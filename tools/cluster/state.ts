/**
 * On-disk state of local control planes, one folder per cluster:
 *
 *   <root>/<name>/pids.json        ClusterRecord (processes, ports, kubeconfig)
 *   <root>/<name>/pgids            process groups, one per line (read by the watchdog)
 *   <root>/<name>/kubeconfig       admin kubeconfig
 *   <root>/<name>/pki/             CA, serving and admin certificates, service-account keys
 *   <root>/<name>/etcd/            etcd data (no fsync)
 *   <root>/<name>/logs/<component>.log
 *
 * <root> defaults to `${XDG_STATE_HOME:-~/.local/state}/ferry/clusters`.
 */
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RunningProcess } from './processes';

export interface ClusterPorts {
  readonly etcdClient: number;
  readonly etcdPeer: number;
  readonly apiserver: number;
  readonly controllerManager: number;
  readonly scheduler: number;
  readonly kwok: number;
}

export interface ClusterRecord {
  readonly name: string;
  readonly dir: string;
  readonly kubeconfig: string;
  readonly apiserverUrl: string;
  readonly startedAt: string;
  readonly ports: ClusterPorts;
  readonly processes: readonly RunningProcess[];
  /** Kills the processes when a watched pid exits (see watchdog.ts). */
  readonly watchdog?: RunningProcess;
}

const NAME = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;

export function assertClusterName(name: string): void {
  if (!NAME.test(name)) {
    throw new Error(
      `[tools/cluster] cluster name "${name}" must be 1-40 lowercase letters, digits or '-', ` +
        'starting and ending with a letter or digit',
    );
  }
}

export function defaultStateRoot(env: NodeJS.ProcessEnv = process.env): string {
  const stateHome = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(stateHome, 'ferry', 'clusters');
}

export function clusterDir(root: string, name: string): string {
  return join(root, name);
}

const recordFile = (dir: string): string => join(dir, 'pids.json');
export const pgidsFile = (dir: string): string => join(dir, 'pgids');

export function readRecord(dir: string): ClusterRecord | undefined {
  const file = recordFile(dir);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ClusterRecord;
  } catch (err) {
    throw new Error(`[tools/cluster] ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Written atomically after every started process, so a crash mid-start leaves nothing untracked. */
export function writeRecord(record: ClusterRecord): void {
  const file = recordFile(record.dir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  const pgids = record.processes.map((p) => `${p.pgid}\n`).join('');
  writeFileSync(`${pgidsFile(record.dir)}.tmp`, pgids);
  renameSync(`${pgidsFile(record.dir)}.tmp`, pgidsFile(record.dir));
}

export function listRecords(root: string): ClusterRecord[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort()
    .map((n) => readRecord(join(root, n)))
    .filter((r): r is ClusterRecord => r !== undefined);
}
