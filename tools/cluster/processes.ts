/**
 * Child processes of a local control plane. Each component runs detached in its own process group
 * (setsid), with stdout and stderr in logs/<component>.log and stdin closed, so no component ever
 * holds the caller's terminal or output pipes open. Stopping kills whole process groups: SIGTERM,
 * then SIGKILL after a grace period, then a check that no member of any group is left.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

export interface RunningProcess {
  readonly component: string;
  readonly pid: number;
  /** Process group id; equal to pid because every component is a session leader. */
  readonly pgid: number;
  readonly binary: string;
  readonly log: string;
}

export function startProcess(
  component: string,
  binary: string,
  args: readonly string[],
  log: string,
  env: NodeJS.ProcessEnv = process.env,
): RunningProcess {
  const fd = openSync(log, 'a');
  try {
    const child = spawn(binary, [...args], { detached: true, stdio: ['ignore', fd, fd], env });
    if (child.pid === undefined) {
      throw new Error(`[${component}] could not start ${binary}`);
    }
    child.on('error', () => undefined);
    child.unref();
    return { component, pid: child.pid, pgid: child.pid, binary, log };
  } finally {
    closeSync(fd);
  }
}

/** True when the process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const state = procStat(pid)?.state;
  return state !== 'Z' && state !== 'X';
}

/** True while any process of the group exists (zombies included until reaped). */
export function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True when some live, non-zombie process belongs to the group (Linux /proc; else kill -0). */
function groupHasLiveMembers(pgid: number): boolean {
  if (!groupExists(pgid)) return false;
  if (!existsSync('/proc/self/stat')) return true;
  for (const entry of readdirNumeric('/proc')) {
    const st = procStat(entry);
    if (st && st.pgid === pgid && st.state !== 'Z' && st.state !== 'X') return true;
  }
  return false;
}

function readdirNumeric(dir: string): number[] {
  return readdirSync(dir)
    .filter((n) => /^\d+$/.test(n))
    .map(Number);
}

function procStat(pid: number): { state: string; pgid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0] ?? '?', pgid: Number(rest[2]) };
  } catch {
    return undefined;
  }
}

/**
 * Guards against pid reuse: the group leader, if still there, must run the recorded binary.
 * Without /proc the check passes.
 */
export function ownsGroup(p: Pick<RunningProcess, 'pgid' | 'binary'>): boolean {
  if (!groupExists(p.pgid)) return false;
  try {
    const cmdline = readFileSync(`/proc/${p.pgid}/cmdline`, 'utf8');
    if (cmdline === '') return true; // zombie leader: the group is still ours
    return cmdline.split('\0')[0]?.endsWith(basename(p.binary)) ?? false;
  } catch {
    return !existsSync('/proc/self/stat');
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** Synchronous best effort for exit handlers: SIGKILL every owned group right away. */
export function killGroupsSync(procs: readonly Pick<RunningProcess, 'pgid' | 'binary'>[]): void {
  for (const p of procs) {
    if (ownsGroup(p)) signalGroup(p.pgid, 'SIGKILL');
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * SIGTERM every owned group, wait up to `graceMs`, SIGKILL what is left, and verify that nothing
 * remains. Returns the components that could not be killed (empty when all is well).
 */
export async function stopProcesses(procs: readonly RunningProcess[], graceMs = 5000): Promise<string[]> {
  const owned = procs.filter((p) => ownsGroup(p));
  for (const p of owned) signalGroup(p.pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && owned.some((p) => groupHasLiveMembers(p.pgid))) await sleep(100);
  for (const p of owned) if (groupHasLiveMembers(p.pgid)) signalGroup(p.pgid, 'SIGKILL');
  const killDeadline = Date.now() + 3000;
  while (Date.now() < killDeadline && owned.some((p) => groupHasLiveMembers(p.pgid))) await sleep(50);
  return owned.filter((p) => groupHasLiveMembers(p.pgid)).map((p) => `${p.component} (pgid ${p.pgid})`);
}

/** The last `lines` lines of a log file, for error messages. */
export function tailLog(file: string, lines = 20): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export class ComponentDiedError extends Error {
  constructor(
    readonly component: string,
    log: string,
    phase: string,
  ) {
    super(`[${component}] exited ${phase}; last log lines (${log}):\n${tailLog(log)}`);
  }
}
