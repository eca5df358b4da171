/**
 * A watchdog that stops a control plane when the process that started it dies, even by SIGKILL
 * (where no exit handler runs). It is a tiny `sh` loop, detached in its own process group with no
 * stdio, that polls the watched pid once a second; when the pid is gone it SIGTERMs, then SIGKILLs,
 * every process group listed in the cluster's `pgids` file. It exits on its own when the `pgids`
 * file disappears (the cluster was stopped normally).
 */
import { pgidsFile } from './state';
import { startProcess, type RunningProcess } from './processes';

const SCRIPT = `
parent="$1"; pgids="$2"
while kill -0 "$parent" 2>/dev/null && [ -f "$pgids" ]; do sleep 1; done
[ -f "$pgids" ] || exit 0
groups=$(cat "$pgids")
for g in $groups; do kill -TERM "-$g" 2>/dev/null; done
sleep 3
for g in $groups; do kill -KILL "-$g" 2>/dev/null; done
rm -f "$pgids"
`;

export function startWatchdog(dir: string, watchedPid: number, log: string): RunningProcess {
  return startProcess(
    'watchdog',
    '/bin/sh',
    ['-c', SCRIPT, 'ferry-cluster-watchdog', String(watchedPid), pgidsFile(dir)],
    log,
  );
}
