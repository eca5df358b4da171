/**
 * Reading an Environment resource: its key, its interval, and the sync configuration it asks for.
 * Pure.
 */
import { parseDuration, type OperatorConfig, type SyncConfig } from '../config';
import type { EnvironmentResource } from '../model';

/** `namespace/name`: the work-queue key of an Environment. */
export function environmentKey(env: { metadata: { namespace?: string; name: string } }): string {
  return `${env.metadata.namespace ?? ''}/${env.metadata.name}`;
}

export function intervalMs(env: EnvironmentResource): number {
  try {
    return parseDuration(env.spec.interval ?? '1m', 'spec.interval');
  } catch {
    return 60_000;
  }
}

/** A few percent of jitter so environments with one interval do not all poll at once. */
export function jittered(ms: number, random = Math.random()): number {
  return Math.round(ms * (0.95 + 0.1 * random));
}

export function isAutomated(env: EnvironmentResource): boolean {
  return env.spec.syncPolicy?.automated ?? true;
}

/** Drift is repaired without being asked (`syncPolicy.selfHeal`, default false). */
export function selfHeals(env: EnvironmentResource): boolean {
  return env.spec.syncPolicy?.selfHeal ?? false;
}

/** The sync this Environment asks for; credentials and destination are resolved by the caller. */
export function syncConfigFor(
  env: EnvironmentResource,
  cfg: OperatorConfig,
  credentials: { token?: string; sshKeyPath?: string } = {},
): SyncConfig {
  const name = env.metadata.name;
  return {
    env: name,
    source: {
      kind: 'git',
      repo: env.spec.source.repo,
      branch: env.spec.source.branch ?? 'deploy',
      path: env.spec.source.path ?? name,
      revision: env.spec.revision || undefined,
      token: credentials.token,
      sshKeyPath: credentials.sshKeyPath,
    },
    cacheDir: cfg.cacheDir,
    prune: env.spec.syncPolicy?.prune ?? false,
    timeoutMs: parseDuration(env.spec.timeout ?? '5m', 'spec.timeout'),
    unschedulableGraceMs: 120_000,
    healthIntervalMs: 1000,
    hookIntervalMs: 500,
    leaseDurationMs: cfg.leaseDurationMs,
    retry: cfg.retry,
  };
}

/** The value of the "sync now" annotation not yet handled, if any. */
export function pendingSyncRequest(env: EnvironmentResource, annotation: string): string | undefined {
  const asked = env.metadata.annotations?.[annotation];
  if (!asked) return undefined;
  return asked === env.status?.lastHandledRequest ? undefined : asked;
}
