/**
 * Runs Pulumi Automation API inline programs with the pulumi CLI built by tools/build.sh, offline:
 * a local file backend, PULUMI_HOME (with the kubernetes plugin) in the tools cache, no update
 * checks, no plugin downloads, and node_modules/.bin first on PATH so any Node child runs the
 * project's Node 22. Inline programs run in this process: the language host is not used (the top-level
 * Pulumi.yaml, which needs it, is tested through tools/pulumi.sh in test/integration/infra/).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from '@pulumi/pulumi/automation';
import {
  assertBinaries,
  pulumiBinaries,
  toolchain,
  type ToolVersions,
} from '../../../tools/cluster/toolchain';
import { testKubeconfig } from './env';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface InlineStackOptions {
  readonly projectName: string;
  readonly stackName: string;
  readonly program: PulumiFn;
}

export interface InlineStack {
  readonly stack: Stack;
  /** The pinned tool versions (tools/versions.env). */
  readonly versions: ToolVersions;
  /** Best-effort `destroy`, removes the stack and the backend state; never throws. */
  cleanup(): Promise<void>;
}

/** The tool versions of tools/versions.env, e.g. to pass the built provider version explicitly. */
export function pulumiToolVersions(): ToolVersions {
  return toolchain().versions;
}

/**
 * Creates a stack for an inline program in a fresh `file://` backend. Throws, naming the missing
 * binaries and how to build them, when the pulumi toolchain is not built.
 */
export async function inlineStack(opts: InlineStackOptions): Promise<InlineStack> {
  const tc = toolchain();
  assertBinaries('pulumi', pulumiBinaries(tc));
  const dir = mkdtempSync(join(tmpdir(), 'ferry-pulumi-'));
  mkdirSync(join(dir, 'state'));
  const envVars: Record<string, string> = {
    PATH: [join(REPO_ROOT, 'node_modules', '.bin'), tc.pulumiBinDir, process.env.PATH ?? ''].join(delimiter),
    PULUMI_HOME: tc.pulumiHome,
    PULUMI_BACKEND_URL: `file://${join(dir, 'state')}`,
    PULUMI_CONFIG_PASSPHRASE: 'ferry-integration-tests',
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_SKIP_CONFIRMATIONS: 'true',
    // Only the test cluster is reachable through an ambient kubeconfig.
    KUBECONFIG: testKubeconfig(),
    NO_COLOR: '1',
  };
  try {
    const pulumiCommand = await PulumiCommand.get({
      root: resolve(tc.pulumiBinDir, '..'),
      skipVersionCheck: true,
    });
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: opts.stackName, projectName: opts.projectName, program: opts.program },
      { pulumiCommand, workDir: dir, envVars },
    );
    return {
      stack,
      versions: tc.versions,
      cleanup: async () => {
        await stack.destroy().catch(() => undefined);
        await stack.workspace.removeStack(opts.stackName, { force: true }).catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
