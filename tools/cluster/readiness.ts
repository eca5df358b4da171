/**
 * Readiness waits while a control plane starts. Every wait also watches the processes started so
 * far: when one exits, the wait fails at once with that component's last log lines.
 */
import type { AdminClient } from './api';
import { probe } from './api';
import { kwokNode } from './node';
import { ComponentDiedError, isAlive, tailLog, type RunningProcess } from './processes';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

function assertAlive(procs: readonly RunningProcess[], phase: string): void {
  for (const p of procs) {
    if (!isAlive(p.pid)) throw new ComponentDiedError(p.component, p.log, phase);
  }
}

async function poll(
  what: string,
  watched: readonly RunningProcess[],
  deadline: number,
  check: () => Promise<boolean>,
  logOnTimeout?: RunningProcess,
): Promise<void> {
  let lastError = '';
  for (;;) {
    assertAlive(watched, `while waiting for ${what}`);
    try {
      if (await check()) return;
    } catch (err) {
      lastError = (err as Error).message;
    }
    if (Date.now() > deadline) {
      const tail = logOnTimeout
        ? `\nlast log lines (${logOnTimeout.log}):\n${tailLog(logOnTimeout.log)}`
        : '';
      throw new Error(`[cluster] timed out waiting for ${what}${lastError ? ` (${lastError})` : ''}${tail}`);
    }
    await sleep(100);
  }
}

export interface ComponentProbe {
  readonly deadline: number;
  /** Plain GET expecting 200 (unverified TLS). */
  readonly url?: string;
  /** Or an authenticated GET on the apiserver. */
  readonly client?: AdminClient;
  readonly path?: string;
  /** Processes started earlier that must stay alive meanwhile. */
  readonly others?: readonly RunningProcess[];
}

export async function waitForComponent(
  proc: RunningProcess,
  p: ComponentProbe,
  startedAt: number,
  log: (line: string) => void,
): Promise<void> {
  const check = async (): Promise<boolean> => {
    if (p.client && p.path) return (await p.client.request('GET', p.path, undefined, 2000)).status === 200;
    if (p.url) return (await probe(p.url)) === 200;
    return true;
  };
  await poll(`${proc.component} to become ready`, [...(p.others ?? []), proc], p.deadline, check, proc);
  log(`${proc.component} ready in ${seconds(Date.now() - startedAt)} (pid ${proc.pid})`);
}

interface NodeStatus {
  status?: { conditions?: Array<{ type: string; status: string }> };
}

/** Creates the KWOK node, then waits for it to be Ready and for the default ServiceAccount. */
export async function waitForCluster(
  client: AdminClient,
  nodeName: string,
  procs: readonly RunningProcess[],
  deadline: number,
  log: (line: string) => void,
): Promise<void> {
  const began = Date.now();
  const created = await client.request('POST', '/api/v1/nodes', kwokNode(nodeName));
  if (created.status !== 201 && created.status !== 409) {
    throw new Error(
      `[cluster] creating Node/${nodeName} failed: HTTP ${created.status} ${created.body.slice(0, 500)}`,
    );
  }
  const kwok = procs.find((p) => p.component === 'kwok');
  await poll(
    `Node/${nodeName} to be Ready (kwok)`,
    procs,
    deadline,
    async () => {
      const node = await client.getJson<NodeStatus>(`/api/v1/nodes/${nodeName}`);
      return node?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
    },
    kwok,
  );
  log(`node ${nodeName} Ready in ${seconds(Date.now() - began)}`);
  const cm = procs.find((p) => p.component === 'kube-controller-manager');
  await poll(
    'ServiceAccount default/default (kube-controller-manager)',
    procs,
    deadline,
    async () => (await client.getJson(`/api/v1/namespaces/default/serviceaccounts/default`)) !== undefined,
    cm,
  );
  log(`default ServiceAccount ready in ${seconds(Date.now() - began)}`);
}
