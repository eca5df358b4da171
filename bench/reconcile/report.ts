/** The result table (markdown, so it can be pasted into the README) and the target verdicts. */
import type { FerrySync } from './ferry';
import type { KubectlRun } from './kubectl';

export interface Measurements {
  readonly objects: number;
  readonly configMaps: number;
  readonly deployments: number;
  readonly cores: number;
  readonly repeat: number;
  /** 1-minute load average before each step, by step label. */
  readonly load: ReadonlyMap<string, number>;
  readonly kubectlVersion: string;
  readonly ferryFirst: FerrySync;
  readonly ferryNoop: readonly FerrySync[];
  readonly kubectlFirst: KubectlRun;
  readonly kubectlWait: KubectlRun;
  readonly kubectlReapply: readonly KubectlRun[];
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const ratio = (kubectl: number, ferry: number): string => `${(kubectl / ferry).toFixed(1)}×`;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function report(m: Measurements): string[] {
  const noopMs = median(m.ferryNoop.map((r) => r.ms));
  const noopWrites = Math.max(...m.ferryNoop.map((r) => r.writes));
  const reapplyMs = median(m.kubectlReapply.map((r) => r.ms));
  const reapplyWrites = Math.max(...m.kubectlReapply.map((r) => r.writes));
  const kubectlFirstWait = m.kubectlFirst.ms + m.kubectlWait.ms;
  const first = m.ferryFirst;
  const rows: string[][] = [
    ['step', 'ferry sync', 'kubectl', 'kubectl / ferry', 'ferry writes', 'kubectl writes'],
    [
      'first apply, until every Deployment is Available (headline)',
      s(first.ms),
      `${s(kubectlFirstWait)} (apply ${s(m.kubectlFirst.ms)} + wait ${s(m.kubectlWait.ms)})`,
      ratio(kubectlFirstWait, first.ms),
      String(first.writes),
      String(m.kubectlFirst.writes + m.kubectlWait.writes),
    ],
    [
      'first apply, kubectl without waiting',
      s(first.ms),
      s(m.kubectlFirst.ms),
      ratio(m.kubectlFirst.ms, first.ms),
      String(first.writes),
      String(m.kubectlFirst.writes),
    ],
    ...(first.appliedAtMs === undefined
      ? []
      : [
          [
            'first apply, writes only (ferry: until its last object was applied, see below)',
            s(first.appliedAtMs),
            s(m.kubectlFirst.ms),
            ratio(m.kubectlFirst.ms, first.appliedAtMs),
            String(first.writes),
            String(m.kubectlFirst.writes),
          ],
        ]),
    [
      `no-op re-sync / re-apply (median of ${m.repeat})`,
      s(noopMs),
      s(reapplyMs),
      ratio(reapplyMs, noopMs),
      String(noopWrites),
      String(reapplyWrites),
    ],
  ];
  const table = [
    `| ${rows[0]!.join(' | ')} |`,
    '|---|---:|---:|---:|---:|---:|',
    ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`),
  ];
  const loads = [...m.load.entries()].map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
  const firstRatio = kubectlFirstWait / first.ms;
  const noopRatio = reapplyMs / noopMs;
  const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  return [
    `${m.objects} objects (${m.configMaps} ConfigMaps + ${m.deployments} Deployments, replicas 1) + their Namespace; ` +
      `${m.cores} cores; ${m.kubectlVersion}`,
    '',
    ...table,
    '',
    `ferry first sync: engine ${s(first.engineMs)} of ${s(first.ms)} wall` +
      (first.appliedAtMs !== undefined
        ? `; last object applied at ${s(first.appliedAtMs)}, the rest is waiting for health`
        : '') +
      `; ${first.dryRuns} dry runs, ${first.reads} reads`,
    `ferry no-op re-syncs: ${m.ferryNoop.map((r) => `${s(r.ms)} (engine ${s(r.engineMs)}, ${r.writes} writes, ${r.dryRuns} dry runs, ${r.reads} reads)`).join('; ')}`,
    `kubectl: first apply ${m.kubectlFirst.reads} reads, throttled ${s(m.kubectlFirst.throttledMs)}; wait ${m.kubectlWait.reads} reads; ` +
      `re-applies ${m.kubectlReapply.map((r) => `${s(r.ms)} (${r.writes} writes, ${r.reads} reads, throttled ${s(r.throttledMs)})`).join('; ')}`,
    `load average (1 min) before each step: ${loads}`,
    '',
    `target: no-op re-sync sends 0 writes: ${verdict(noopWrites === 0)} (${noopWrites})`,
    `target: no-op re-sync >= 10x faster than kubectl re-apply: ${verdict(noopRatio >= 10)} (${noopRatio.toFixed(1)}x)`,
    `target: first apply >= 3x faster than kubectl: ${verdict(firstRatio >= 3)} (${firstRatio.toFixed(1)}x with wait; ` +
      `${(m.kubectlFirst.ms / first.ms).toFixed(1)}x against kubectl apply alone` +
      (first.appliedAtMs === undefined
        ? ')'
        : `; ${(m.kubectlFirst.ms / first.appliedAtMs).toFixed(1)}x writes only)`),
  ];
}
