/**
 * Opening a stack with the Automation API: the pulumi CLI from the configured runtime, a workspace
 * folder per stack under the cache, and every setting passed through the CLI's environment
 * (backend, passphrase, PULUMI_HOME, offline switches, kubeconfig) — never through its argv.
 */
import { mkdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from '@pulumi/pulumi/automation';
import type { InfraBackend, PulumiRuntime } from '../../config/infra';

export interface StackAddress {
  readonly project: string;
  readonly stack: string;
}

export interface PulumiSettings {
  readonly backend: InfraBackend;
  readonly runtime: PulumiRuntime;
  /** Kubeconfig of the target cluster; undefined = KUBECONFIG / ~/.kube/config / in-cluster. */
  readonly kubeconfig?: string;
}

/** The environment of every pulumi process (and, through it, of the providers it starts). */
export function pulumiEnv(s: PulumiSettings, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {
    PATH: [...s.runtime.path, base.PATH ?? ''].join(delimiter),
    PULUMI_BACKEND_URL: s.backend.url,
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_SKIP_CONFIRMATIONS: 'true',
    // The dynamic-provider launcher resolves @pulumi/pulumi from its working directory.
    NODE_PATH: [s.runtime.nodeModules, base.NODE_PATH ?? ''].filter(Boolean).join(delimiter),
    NO_COLOR: '1',
  };
  if (s.backend.passphrase !== undefined) env.PULUMI_CONFIG_PASSPHRASE = s.backend.passphrase;
  if (s.backend.passphraseFile) env.PULUMI_CONFIG_PASSPHRASE_FILE = s.backend.passphraseFile;
  if (s.runtime.pulumiHome) env.PULUMI_HOME = s.runtime.pulumiHome;
  if (s.runtime.offline) env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = 'true';
  if (s.kubeconfig) env.KUBECONFIG = s.kubeconfig;
  return env;
}

/** Where the Automation API keeps the workspace (Pulumi.yaml, Pulumi.<stack>.yaml) of a stack. */
export function workDirOf(runtime: PulumiRuntime, at: StackAddress): string {
  return join(runtime.workRoot, at.project, at.stack);
}

/** Creates the stack if it does not exist yet, else selects it. */
export async function openStack(at: StackAddress, program: PulumiFn, s: PulumiSettings): Promise<Stack> {
  const workDir = workDirOf(s.runtime, at);
  mkdirSync(workDir, { recursive: true });
  // A file backend's folder must exist before pulumi logs in to it.
  if (s.backend.url.startsWith('file://')) mkdirSync(fileURLToPath(s.backend.url), { recursive: true });
  const pulumiCommand = await PulumiCommand.get({
    ...(s.runtime.pulumiBinDir ? { root: dirname(s.runtime.pulumiBinDir) } : {}),
    skipVersionCheck: true,
  });
  return LocalWorkspace.createOrSelectStack(
    { projectName: at.project, stackName: at.stack, program },
    {
      workDir,
      pulumiCommand,
      envVars: pulumiEnv(s),
      projectSettings: { name: at.project, runtime: 'nodejs' },
    },
  );
}
