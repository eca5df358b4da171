/**
 * The environment set as a whole, before any environment is synthesised: the app must load
 * (a throw in an environment's constructor names its class and the line), environment names
 * must be unique, and no two environments may share a destination (cluster and namespace): they
 * would prune each other's objects.
 */
import type { Environment } from '../environment';
import type { Issue } from '../issues';
import { loadEnvironments, AppNotFoundError, type SynthContext } from './app-module';
import { classThrownIn, messageOf, userFrame } from './blame';

export type Loaded =
  | { readonly ok: true; readonly environments: readonly Environment[] }
  | { readonly ok: false; readonly issue: Issue };

export function loadApp(app: string, context: SynthContext): Loaded {
  try {
    return { ok: true, environments: loadEnvironments(app, context) };
  } catch (err) {
    if (err instanceof AppNotFoundError) throw err;
    const cls = classThrownIn(err, 'allEnvironments');
    const at = userFrame(err);
    const problem = `${messageOf(err)}${at ? ` (at ${at})` : ''}`;
    return {
      ok: false,
      issue: cls
        ? { env: cls, field: 'constructor', problem }
        : { env: 'environments', field: 'allEnvironments()', problem },
    };
  }
}

/** Problems of the set: duplicate names and shared destinations, one issue per environment involved. */
export function environmentSetIssues(all: readonly Environment[]): Issue[] {
  const issues: Issue[] = [];
  const byName = new Map<string, Environment[]>();
  for (const e of all) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  for (const [name, envs] of byName) {
    if (envs.length > 1) {
      const classes = envs.map((e) => e.constructor.name).join(', ');
      issues.push({ env: name, field: 'name', problem: `is used by more than one environment (${classes})` });
    }
  }
  const byDestination = new Map<string, Environment[]>();
  for (const e of all) {
    if (!e.destination || byName.get(e.name)!.length > 1) continue;
    const key = `${e.destination.cluster}\0${e.destination.namespace}`;
    byDestination.set(key, [...(byDestination.get(key) ?? []), e]);
  }
  for (const envs of byDestination.values()) {
    if (envs.length < 2) continue;
    for (const e of envs) {
      const others = envs.filter((o) => o !== e).map((o) => o.name);
      issues.push({
        env: e.name,
        field: 'destination',
        problem: `cluster "${e.destination.cluster}", namespace "${e.destination.namespace}" is also the destination of ${others.join(', ')}; environments sharing a namespace would prune each other's objects`,
      });
    }
  }
  return issues;
}
