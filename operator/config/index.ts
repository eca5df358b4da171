/**
 * Flags and environment → typed, defaulted, validated configuration. The only module that reads
 * process.env; everything below receives plain values.
 */
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import type { InfraSettings } from './infra';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `5m`, `1h30m`, `250ms` or a bare number of seconds → milliseconds. */
export function parseDuration(text: string, field = 'duration'): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) {
    total += Number(m[1]) * UNITS[m[2]];
    matched = re.lastIndex;
  }
  if (!trimmed || matched !== trimmed.length) {
    throw new ConfigError(`${field}: "${text}" is not a duration; use e.g. 90s, 5m or 1h30m`);
  }
  return Math.round(total);
}

export interface SourceConfig {
  readonly kind: 'git' | 'dir';
  readonly repo?: string;
  readonly branch: string;
  /** Folder of the environment on the deploy branch. @default the environment name */
  readonly path?: string;
  /** A deploy-branch commit to sync instead of the branch tip. */
  readonly revision?: string;
  readonly dir?: string;
  readonly token?: string;
  readonly sshKeyPath?: string;
}

/** Transient API errors: attempts and backoff (see the kube adapter). */
export interface RetryConfig {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface SyncConfig {
  readonly env: string;
  readonly source: SourceConfig;
  readonly kubeconfig?: string;
  readonly cacheDir: string;
  /** Delete owned objects no longer desired; undefined = the environment's `syncPolicy.prune`. */
  readonly prune?: boolean;
  /** Assert the identity of the target cluster (instead of the name recorded in it). */
  readonly cluster?: string;
  /** Health wait per wave, and hook run time. */
  readonly timeoutMs: number;
  /** How long a pod may stay unschedulable before its workload fails. @default 120000 */
  readonly unschedulableGraceMs: number;
  /** Poll interval of health waits. @default 1000 */
  readonly healthIntervalMs: number;
  /** Poll interval of hook waits. @default 500 */
  readonly hookIntervalMs: number;
  /**
   * Duration of the environment's sync lease: a killed sync blocks the next one for at most this
   * long. @default 15000 ($FERRY_SYNC_LEASE, e.g. `5s`)
   */
  readonly leaseDurationMs: number;
  readonly retry: RetryConfig;
  /** The infra gate's backend and runtime; absent: a folder whose infra must run fails at stage infra. */
  readonly infra?: InfraSettings;
}

export interface SyncFlags {
  readonly repo?: string;
  readonly branch?: string;
  readonly dir?: string;
  readonly kubeconfig?: string;
  readonly token?: string;
  readonly sshKey?: string;
  readonly prune?: boolean;
  readonly cluster?: string;
  readonly timeout?: string;
  readonly unschedulableGrace?: string;
}

export const DEFAULT_RETRY_CONFIG: RetryConfig = { attempts: 5, baseDelayMs: 250, maxDelayMs: 10_000 };

export function cacheDir(): string {
  return (
    process.env.FERRY_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ferry')
  );
}

export function resolveSyncConfig(env: string, flags: SyncFlags): SyncConfig {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(env)) {
    throw new ConfigError(`environment name "${env}" is not valid: use lowercase letters, digits and dashes`);
  }
  if (flags.repo && flags.dir) throw new ConfigError('pass either --repo or --dir, not both');
  if (!flags.repo && !flags.dir) {
    throw new ConfigError('pass --repo URL (the deploy repository) or --dir PATH (e.g. dist/' + env + ')');
  }
  return {
    env,
    source: {
      kind: flags.repo ? 'git' : 'dir',
      repo: flags.repo,
      dir: flags.dir,
      branch: flags.branch ?? 'deploy',
      token: flags.token ?? process.env.FERRY_GIT_TOKEN,
      sshKeyPath: flags.sshKey ?? process.env.FERRY_GIT_SSH_KEY,
    },
    kubeconfig: flags.kubeconfig,
    cacheDir: cacheDir(),
    prune: flags.prune,
    cluster: flags.cluster,
    timeoutMs: parseDuration(flags.timeout ?? '5m', '--timeout'),
    unschedulableGraceMs: parseDuration(flags.unschedulableGrace ?? '2m', '--unschedulable-grace'),
    healthIntervalMs: 1000,
    hookIntervalMs: 500,
    leaseDurationMs: parseDuration(process.env.FERRY_SYNC_LEASE ?? '15s', 'FERRY_SYNC_LEASE'),
    retry: DEFAULT_RETRY_CONFIG,
  };
}

/** Configuration of `ferry operator` (flags and environment, defaulted and validated here). */
export interface OperatorConfig {
  /** Where Environments, leases and inventories live. @default 'ferry-system' */
  readonly namespace: string;
  /** kubeconfig of the operator's own cluster; undefined = in-cluster service account. */
  readonly kubeconfig?: string;
  /** This replica's name in leases and operations. @default $FERRY_OPERATOR_IDENTITY or host:pid */
  readonly identity: string;
  /** Port of /healthz, /readyz (and later /metrics, /webhook). @default 8080 */
  readonly port: number;
  /** Environments synced in parallel. @default 4 */
  readonly concurrency: number;
  /**
   * Only Environments matching this label selector (sharding: several operator deployments, each
   * with its own share). @default every Environment of the namespace
   */
  readonly selector?: string;
  /** Ownership lease of an environment: a dead replica's environments move after this long. @default 15000 */
  readonly leaseDurationMs: number;
  /** Restart a silent watch after this long. @default 90000 */
  readonly watchSilenceMs: number;
  /** First retry of a failed reconcile; doubles up to `backoffMaxMs`. @default 2000 */
  readonly backoffBaseMs: number;
  /** @default 300000 */
  readonly backoffMaxMs: number;
  readonly cacheDir: string;
  readonly retry: RetryConfig;
  /** Poll each deploy branch with `git ls-remote` once per interval. @default true */
  readonly poll: boolean;
  /** How often each deploy branch is polled (shorter `spec.interval`s win). @default 15000 */
  readonly pollIntervalMs: number;
  /** Watch owned objects and heal drift at once (with syncPolicy.selfHeal). @default true */
  readonly selfHealWatch: boolean;
  /** Changes seen by the watches within this long are healed together. @default 100 */
  readonly healDebounceMs: number;
  /** The fight guard: more than `limit` reverts of one object in `windowMs` → leave it alone for `backoffMs`. */
  readonly fight: { readonly limit: number; readonly windowMs: number; readonly backoffMs: number };
  /** Secret in `namespace` whose `secret` key authenticates webhooks. @default 'ferry-webhook' */
  readonly webhookSecret: string;
  /**
   * Secret in `namespace` (keys `backendURL`, `passphrase`) holding the Pulumi backend of every
   * Environment that names none in spec.infra.backendSecretRef — previews above all. Used when it
   * exists. @default 'ferry-infra-backend'
   */
  readonly infraBackendSecret: string;
  /** Secret in `namespace` whose `config.yaml` key configures notifications. @default 'ferry-notifications' */
  readonly notificationsSecret: string;
  /** First retry of a failed notification (doubling, 5 attempts). @default 1000 */
  readonly notifyBackoffMs: number;
}

export interface OperatorFlags {
  readonly namespace?: string;
  readonly kubeconfig?: string;
  readonly identity?: string;
  readonly port?: string;
  readonly concurrency?: string;
  readonly selector?: string;
  readonly leaseDuration?: string;
  readonly watchSilence?: string;
  readonly backoff?: string;
  /** commander's `--no-poll` */
  readonly poll?: boolean;
  readonly pollInterval?: string;
  /** commander's `--no-drift-watch` */
  readonly driftWatch?: boolean;
  readonly healDebounce?: string;
  readonly fightLimit?: string;
  readonly fightWindow?: string;
  readonly fightBackoff?: string;
  readonly webhookSecret?: string;
  readonly infraBackendSecret?: string;
  readonly notificationsSecret?: string;
  readonly notifyBackoff?: string;
}

function positiveInt(text: string, field: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`${field}: "${text}" is not a non-negative integer`);
  return n;
}

export function resolveOperatorConfig(flags: OperatorFlags): OperatorConfig {
  const env = process.env;
  const kubeconfig = flags.kubeconfig ?? (env.KUBERNETES_SERVICE_HOST ? undefined : env.KUBECONFIG);
  if (!kubeconfig && !env.KUBERNETES_SERVICE_HOST) {
    throw new ConfigError(
      'not in a cluster: pass --kubeconfig PATH (or set KUBECONFIG) to run the operator from outside',
    );
  }
  return {
    namespace: flags.namespace ?? env.FERRY_NAMESPACE ?? 'ferry-system',
    kubeconfig,
    identity: flags.identity ?? env.FERRY_OPERATOR_IDENTITY ?? `${homedirName()}:${process.pid}`,
    port: positiveInt(flags.port ?? env.FERRY_PORT ?? '8080', '--port'),
    concurrency: Math.max(1, positiveInt(flags.concurrency ?? env.FERRY_CONCURRENCY ?? '4', '--concurrency')),
    selector: flags.selector ?? env.FERRY_SELECTOR,
    leaseDurationMs: parseDuration(
      flags.leaseDuration ?? env.FERRY_LEASE_DURATION ?? '15s',
      '--lease-duration',
    ),
    watchSilenceMs: parseDuration(flags.watchSilence ?? env.FERRY_WATCH_SILENCE ?? '90s', '--watch-silence'),
    backoffBaseMs: parseDuration(flags.backoff ?? env.FERRY_BACKOFF ?? '2s', '--backoff'),
    backoffMaxMs: 300_000,
    cacheDir: cacheDir(),
    retry: DEFAULT_RETRY_CONFIG,
    poll: flags.poll ?? env.FERRY_POLL !== 'false',
    pollIntervalMs: parseDuration(flags.pollInterval ?? '15s', '--poll-interval'),
    selfHealWatch: flags.driftWatch ?? env.FERRY_DRIFT_WATCH !== 'false',
    healDebounceMs: parseDuration(flags.healDebounce ?? '100ms', '--heal-debounce'),
    fight: {
      limit: Math.max(1, positiveInt(flags.fightLimit ?? '5', '--fight-limit')),
      windowMs: parseDuration(flags.fightWindow ?? '60s', '--fight-window'),
      backoffMs: parseDuration(flags.fightBackoff ?? '5m', '--fight-backoff'),
    },
    webhookSecret: flags.webhookSecret ?? env.FERRY_WEBHOOK_SECRET ?? 'ferry-webhook',
    infraBackendSecret: flags.infraBackendSecret ?? env.FERRY_INFRA_BACKEND_SECRET ?? 'ferry-infra-backend',
    notificationsSecret: flags.notificationsSecret ?? env.FERRY_NOTIFICATIONS_SECRET ?? 'ferry-notifications',
    notifyBackoffMs: parseDuration(flags.notifyBackoff ?? '1s', '--notify-backoff'),
  };
}

function homedirName(): string {
  return process.env.HOSTNAME ?? hostname();
}
export * from './deploy';
