/**
 * Where tools/build.sh puts the Go binaries. Mirrors tools/paths.sh:
 * `<cache>/<tool>-<version>/bin/<binary>` with
 * `<cache> = ${FERRY_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ferry-tools}` and the versions from
 * tools/versions.env.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const BUILD_HINT =
  'run `npm run tools` (bash tools/build.sh) to build the local control plane and pulumi toolchain; see tools/README.md';

export interface ToolVersions {
  readonly etcd: string;
  readonly kubernetes: string;
  readonly kwok: string;
  readonly pulumi: string;
  /** The Node.js language host, built from github.com/pulumi/pulumi/sdk/v3 at this version. */
  readonly pulumiLanguageNodejs: string;
  /** The wanted pulumi-resource-kubernetes version (= the npm @pulumi/kubernetes version). */
  readonly pulumiKubernetes: string;
  /**
   * The pulumi-resource-kubernetes version actually built and installed as a plugin; differs from
   * `pulumiKubernetes` when the Go module proxy refuses that one (tools/README.md, "Known failures").
   * Programs must ask for it with the provider resource's `version` option.
   */
  readonly pulumiKubernetesBuild: string;
}

export interface Toolchain {
  readonly cacheDir: string;
  readonly versions: ToolVersions;
  readonly etcd: string;
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
  readonly kubeScheduler: string;
  readonly kwok: string;
  /**
   * Holds `pulumi` and, installed there by build.sh as the official bundles do, the Node.js language
   * host `pulumi-language-nodejs` and the dynamic-provider launcher `pulumi-resource-pulumi-nodejs`.
   */
  readonly pulumiBinDir: string;
  /** Where build.sh builds the language host (keyed by its own version). */
  readonly pulumiLanguageBinDir: string;
  /** Holds `pulumi-resource-kubernetes` (also installed as a plugin under `pulumiHome`). */
  readonly pulumiKubernetesBinDir: string;
  /** PULUMI_HOME: plugins live in the cache so pulumi never downloads one. */
  readonly pulumiHome: string;
}

/** Parses tools/versions.env: `KEY=value` lines, `#` comments. */
export function readVersions(file: string = join(__dirname, '..', 'versions.env')): ToolVersions {
  if (!existsSync(file)) {
    throw new Error(`[tools/cluster] ${file} is missing; ${BUILD_HINT}`);
  }
  const values = new Map<string, string>();
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (line === '' || line.startsWith('#') || eq < 0) continue;
    values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const get = (key: string): string => {
    const v = values.get(key);
    if (!v) throw new Error(`[tools/cluster] ${file} has no ${key}`);
    return v;
  };
  return {
    etcd: get('ETCD_VERSION'),
    kubernetes: get('KUBERNETES_VERSION'),
    kwok: get('KWOK_VERSION'),
    pulumi: get('PULUMI_VERSION'),
    pulumiLanguageNodejs: get('PULUMI_LANGUAGE_NODEJS_VERSION'),
    pulumiKubernetes: get('PULUMI_KUBERNETES_VERSION'),
    pulumiKubernetesBuild: get('PULUMI_KUBERNETES_BUILD_VERSION'),
  };
}

export function toolsCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FERRY_TOOLS_CACHE) return resolve(env.FERRY_TOOLS_CACHE);
  const cacheHome = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'ferry-tools');
}

export function toolchain(env: NodeJS.ProcessEnv = process.env): Toolchain {
  const cacheDir = toolsCacheDir(env);
  const versions = readVersions();
  const bin = (tool: string, version: string, binary: string): string =>
    join(cacheDir, `${tool}-${version}`, 'bin', binary);
  return {
    cacheDir,
    versions,
    etcd: bin('etcd', versions.etcd, 'etcd'),
    kubeApiserver: bin('kubernetes', versions.kubernetes, 'kube-apiserver'),
    kubeControllerManager: bin('kubernetes', versions.kubernetes, 'kube-controller-manager'),
    kubeScheduler: bin('kubernetes', versions.kubernetes, 'kube-scheduler'),
    kwok: bin('kwok', versions.kwok, 'kwok'),
    pulumiBinDir: join(cacheDir, `pulumi-${versions.pulumi}`, 'bin'),
    pulumiLanguageBinDir: join(cacheDir, `pulumi-language-nodejs-${versions.pulumiLanguageNodejs}`, 'bin'),
    pulumiKubernetesBinDir: join(cacheDir, `pulumi-kubernetes-${versions.pulumiKubernetesBuild}`, 'bin'),
    pulumiHome: join(cacheDir, 'pulumi-home'),
  };
}

/** Throws one error listing every missing binary and how to build them. */
export function assertBinaries(label: string, paths: readonly string[]): void {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new Error(
      `[${label}] missing binaries:\n${missing.map((m) => `  ${m}`).join('\n')}\n${BUILD_HINT}`,
    );
  }
}

export function controlPlaneBinaries(tc: Toolchain): readonly string[] {
  return [tc.etcd, tc.kubeApiserver, tc.kubeControllerManager, tc.kubeScheduler, tc.kwok];
}

/**
 * What Pulumi programs with @pulumi/kubernetes need: the CLI, the Node.js language host and the
 * dynamic-provider launcher, the provider and its plugin install.
 */
export function pulumiBinaries(tc: Toolchain): readonly string[] {
  return [
    join(tc.pulumiBinDir, 'pulumi'),
    join(tc.pulumiBinDir, 'pulumi-language-nodejs'),
    join(tc.pulumiBinDir, 'pulumi-resource-pulumi-nodejs'),
    join(tc.pulumiKubernetesBinDir, 'pulumi-resource-kubernetes'),
    join(
      tc.pulumiHome,
      'plugins',
      `resource-kubernetes-v${tc.versions.pulumiKubernetesBuild}`,
      'pulumi-resource-kubernetes',
    ),
  ];
}
