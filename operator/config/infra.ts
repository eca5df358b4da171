/**
 * Configuration of infra operations (`ferry infra`, the sync's infra gate): where the Pulumi state
 * lives and how it is encrypted (the backend), and which pulumi CLI and provider plugins run it (the
 * runtime). Read from flags and environment here, nowhere else.
 *
 * Backend: `--backend`, else PULUMI_BACKEND_URL, else a local file backend `<cache>/pulumi`
 * (the same default as `npm run pulumi`). Passphrase: PULUMI_CONFIG_PASSPHRASE or
 * PULUMI_CONFIG_PASSPHRASE_FILE; required for every self-managed backend (file://, s3://, gs://,
 * azblob://), not for the Pulumi Cloud (https://).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, cacheDir, resolveSyncConfig, type SyncConfig, type SyncFlags } from './index';

export interface InfraBackend {
  /** `file:///abs/dir`, `s3://…`, `gs://…`, `azblob://…` or `https://api.pulumi.com`. */
  readonly url: string;
  readonly passphrase?: string;
  readonly passphraseFile?: string;
}

export interface PulumiRuntime {
  /** Folder of the `pulumi` binary; undefined = the one on PATH. */
  readonly pulumiBinDir?: string;
  /** Folders put first on PATH for pulumi's own children (node 22, the plugins next to pulumi). */
  readonly path: readonly string[];
  /** PULUMI_HOME (plugins); undefined = pulumi's default (~/.pulumi). */
  readonly pulumiHome?: string;
  /** No update checks, no plugin downloads (the tools cache has every plugin). */
  readonly offline: boolean;
  /** Plugin versions the program asks for; undefined = the SDKs' own. */
  readonly kubernetesProviderVersion?: string;
  readonly gcpProviderVersion?: string;
  /** node_modules holding @pulumi/pulumi, for the dynamic-provider launcher (NODE_PATH). */
  readonly nodeModules: string;
  /** Where each stack's Automation API workspace lives. */
  readonly workRoot: string;
  /** Per-environment operation locks. */
  readonly lockDir: string;
}

/** Tool locations tools/build.sh provides (the CLI passes them when they exist). */
export interface ToolDefaults {
  /** `pulumi` with the language host and dynamic-provider launcher next to it. */
  readonly pulumiBinDir: string;
  readonly pulumiHome: string;
  readonly kubernetesProviderVersion: string;
}

export interface InfraFlags extends SyncFlags {
  readonly backend?: string;
}

export interface InfraConfig extends SyncConfig {
  readonly backend: InfraBackend;
  readonly runtime: PulumiRuntime;
}

const SELF_MANAGED = /^(file|s3|gs|azblob):\/\//;

/** The backend URL with a bare or relative path turned into an absolute file:// URL. */
function backendUrl(raw: string): string {
  if (/^[a-z0-9]+:\/\//.test(raw)) return raw.startsWith('file://') ? `file://${resolve(raw.slice(7))}` : raw;
  return `file://${resolve(raw)}`;
}

export function resolveInfraBackend(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): InfraBackend {
  const url = backendUrl(flag || env.PULUMI_BACKEND_URL || join(cacheDir(), 'pulumi'));
  const passphrase = env.PULUMI_CONFIG_PASSPHRASE;
  const passphraseFile = env.PULUMI_CONFIG_PASSPHRASE_FILE;
  if (SELF_MANAGED.test(url) && passphrase === undefined && !passphraseFile) {
    throw new ConfigError(
      `the Pulumi backend ${url} keeps secrets encrypted with a passphrase: set PULUMI_CONFIG_PASSPHRASE ` +
        '(or PULUMI_CONFIG_PASSPHRASE_FILE) to the passphrase of the stacks — the same one every run',
    );
  }
  if (passphraseFile && !existsSync(passphraseFile)) {
    throw new ConfigError(`PULUMI_CONFIG_PASSPHRASE_FILE ${passphraseFile} does not exist`);
  }
  return {
    url,
    ...(passphrase !== undefined ? { passphrase } : {}),
    ...(passphraseFile ? { passphraseFile } : {}),
  };
}

/** The node_modules folder that holds @pulumi/pulumi (Ferry's own). */
function nodeModulesDir(): string {
  const pkg = require.resolve('@pulumi/pulumi/package.json');
  return dirname(dirname(dirname(pkg)));
}

export function resolvePulumiRuntime(
  tools: ToolDefaults | undefined,
  env: NodeJS.ProcessEnv = process.env,
): PulumiRuntime {
  const pulumiBinDir = env.FERRY_PULUMI_BIN_DIR || tools?.pulumiBinDir;
  const nodeModules = nodeModulesDir();
  const path = [join(nodeModules, '.bin'), ...(pulumiBinDir ? [pulumiBinDir] : [])];
  const pulumiHome = env.PULUMI_HOME || tools?.pulumiHome;
  const root = join(cacheDir(), 'infra');
  return {
    ...(pulumiBinDir ? { pulumiBinDir } : {}),
    path,
    ...(pulumiHome ? { pulumiHome } : {}),
    offline: !!tools || env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION === 'true',
    ...optional(
      'kubernetesProviderVersion',
      env.FERRY_PULUMI_KUBERNETES_VERSION || tools?.kubernetesProviderVersion,
    ),
    ...optional('gcpProviderVersion', env.FERRY_PULUMI_GCP_VERSION),
    nodeModules,
    workRoot: join(root, 'work'),
    lockDir: join(root, 'locks'),
  };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value ? { [key]: value } : {}) as { [P in K]?: string };
}

export function resolveInfraConfig(env: string, flags: InfraFlags, tools?: ToolDefaults): InfraConfig {
  const sync = resolveSyncConfig(env, { ...flags, timeout: flags.timeout ?? '30m' });
  return { ...sync, backend: resolveInfraBackend(flags.backend), runtime: resolvePulumiRuntime(tools) };
}

/**
 * What a sync needs to run its infra gate. Resolved up front from flags and environment (CLI) or
 * from the Environment's backend Secret (operator); a backend that cannot be configured (no
 * passphrase) is kept as `problem` and reported only when a sync actually has to run the step, so
 * environments without infra never need a backend.
 */
export interface InfraSettings {
  readonly backend?: InfraBackend;
  readonly problem?: string;
  readonly runtime: PulumiRuntime;
  /** Kubeconfig of the destination cluster for the kubernetes provider; default: the ambient one. */
  readonly kubeconfig?: string;
  /** @default 30 minutes */
  readonly timeoutMs?: number;
  /** Refresh an unchanged stack (drift check and repair) this long after its last up; unset: never. */
  readonly refreshAfterMs?: number;
}

export function resolveInfraSettings(
  flags: { readonly backend?: string; readonly kubeconfig?: string },
  tools: ToolDefaults | undefined,
  env: NodeJS.ProcessEnv = process.env,
): InfraSettings {
  const runtime = resolvePulumiRuntime(tools, env);
  const kubeconfig = flags.kubeconfig ?? env.KUBECONFIG;
  const where = kubeconfig ? { kubeconfig } : {};
  try {
    return { backend: resolveInfraBackend(flags.backend, env), runtime, ...where };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { problem: err.message, runtime, ...where };
  }
}
