import type { Issue } from '../issues';
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
  };
}

export function crashed(name: string, err: unknown, started: number): EnvironmentReport {
  return {
    name,
    ok: false,
    objectCount: 0,
    fileCount: 0,
    millis: Math.round(performance.now() - started),
    issues: [{ env: name, field: 'synth', problem: (err as Error)?.message ?? String(err) }],
    notes: [],
  };
}
