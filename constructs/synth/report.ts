import type { Issue } from '../issues';
import { EMPTY_FOOTPRINT, type Footprint } from '../operator/footprint';
import type { EnvironmentOutput } from './synth-environment';
import { removeEnvironment, writeEnvironment } from './write';

/** What happened to one environment. */
export interface EnvironmentReport {
  readonly name: string;
  readonly ok: boolean;
  readonly objectCount: number;
  readonly fileCount: number;
  readonly millis: number;
  readonly issues: readonly Issue[];
  /** Values a policy changed, e.g. a replica count clamped by the replica cap. */
  readonly notes: readonly Issue[];
  /** What its objects write (kinds, custom kinds, RBAC roles); empty when it failed. */
  readonly footprint: Footprint;
}

/** Writes (or, on failure, removes) the environment folder and reports. */
export function commit(outDir: string, out: EnvironmentOutput, started: number): EnvironmentReport {
  const ok = out.issues.length === 0;
  if (ok) writeEnvironment(outDir, out.name, out.files);
  else removeEnvironment(outDir, out.name);
  return {
    name: out.name,
    ok,
    objectCount: out.objectCount,
    fileCount: out.files.length,
    millis: Math.round(performance.now() - started),
    issues: out.issues,
    notes: out.notes,
    footprint: ok ? out.footprint : EMPTY_FOOTPRINT,
  };
}

/** An environment not synthesised because of `issues` found before its synthesis. */
export function refusedReport(name: string, issues: readonly Issue[], started: number): EnvironmentReport {
  return {
    name,
    ok: false,
    objectCount: 0,
    fileCount: 0,
    millis: Math.round(performance.now() - started),
    issues,
    notes: [],
    footprint: EMPTY_FOOTPRINT,
  };
}

export function crashed(name: string, err: unknown, started: number): EnvironmentReport {
  return refusedReport(
    name,
    [{ env: name, field: 'synth', problem: (err as Error)?.message ?? String(err) }],
    started,
  );
}
