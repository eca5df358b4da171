/**
 * Synthesising `ferry-system` (constructs/operator/ferry-system.ts), which is derived from the other
 * environments: it is synthesised after them, from their footprints (the kinds they write shape the
 * operator's RBAC), and only when every environment it needs synthesised cleanly — otherwise its
 * RBAC could miss a kind, so it gets no folder, like any failing environment.
 *
 * `ferry synth --env dev` leaves dist/ferry-system/ as it is. `ferry synth --env ferry-system`
 * synthesises the environments it needs in memory (their folders are not written).
 */
import type { Environment } from '../environment';
import type { Issue } from '../issues';
import { EMPTY_FOOTPRINT, type Footprint } from '../operator/footprint';
import { FerrySystem } from '../operator/ferry-system';
import { synthEnvironment, type EnvironmentOutput } from './synth-environment';

/** What synth knows about an environment already synthesised. */
export interface Synthesised {
  readonly ok: boolean;
  readonly footprint: Footprint;
}

/**
 * Hands `system` the footprints of the environments it applies in its cluster, from `known`
 * outputs or synthesised now with `synth`. Returns the names of those that failed.
 */
export function prepareSystem(
  system: FerrySystem,
  known: (name: string) => Synthesised | undefined,
  synth: (env: Environment) => Synthesised,
): string[] {
  const footprints = new Map<string, Footprint>();
  const failed: string[] = [];
  for (const env of system.appliedHere()) {
    const out = known(env.name) ?? synth(env);
    if (out.ok) footprints.set(env.name, out.footprint);
    else failed.push(env.name);
  }
  system.useFootprints(footprints);
  return failed;
}

export function dependencyIssue(system: FerrySystem, failed: readonly string[]): Issue {
  return {
    env: system.name,
    field: 'environments',
    problem: `is derived from ${failed.join(', ')}, which did not synthesise (see ${failed.length === 1 ? 'its' : 'their'} problems); fix ${failed.length === 1 ? 'it' : 'them'} and synthesise again`,
  };
}

/**
 * An Environment for an environment that is not synthesised would point at a folder that never
 * exists (an issue); an environment without an Environment is never synced by the operator (a note).
 */
export function membership(
  system: FerrySystem,
  all: readonly Environment[],
): { issues: Issue[]; notes: Issue[] } {
  const synthesised = new Set(all.map((e) => e.name));
  const managed = new Set(system.environments.map((e) => e.name));
  const issues = system.environments
    .filter((e) => !synthesised.has(e.name))
    .map((e) => ({
      env: system.name,
      field: 'environments',
      problem: `"${e.name}" is not returned by allEnvironments(), so its folder would never exist on the deploy branch; return it too, or leave it out of FerrySystem's environments`,
    }));
  const notes = all
    .filter((e) => !FerrySystem.is(e) && !managed.has(e.name))
    .map((e) => ({
      env: system.name,
      field: 'environments',
      problem: `"${e.name}" has no Environment: the operator will not sync it (add it to FerrySystem's environments if it should)`,
    }));
  return { issues, notes };
}

export const summarise = (out: EnvironmentOutput): Synthesised => ({
  ok: out.issues.length === 0,
  footprint: out.footprint,
});

/** Every environment in memory, ferry-system last (no files written): what tests and tools compare. */
export function synthAll(envs: readonly Environment[], sourceCommit: string | null): EnvironmentOutput[] {
  const outputs = new Map<string, EnvironmentOutput>();
  for (const e of envs) if (!FerrySystem.is(e)) outputs.set(e.name, synthEnvironment(e, sourceCommit));
  for (const system of envs.filter(FerrySystem.is)) {
    const { issues, notes } = membership(system, envs);
    const failed = prepareSystem(
      system,
      (name) => {
        const out = outputs.get(name);
        return out && summarise(out);
      },
      (env) => summarise(synthEnvironment(env, sourceCommit)),
    );
    if (failed.length) issues.push(dependencyIssue(system, failed));
    if (issues.length) {
      outputs.set(system.name, {
        name: system.name,
        files: [],
        issues,
        notes: [],
        objectCount: 0,
        footprint: EMPTY_FOOTPRINT,
      });
      continue;
    }
    const out = synthEnvironment(system, sourceCommit);
    outputs.set(system.name, out.issues.length ? out : { ...out, notes: [...out.notes, ...notes] });
  }
  return envs.map((e) => outputs.get(e.name)!);
}
