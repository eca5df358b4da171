/**
 * Runs the pulumi CLI built by tools/build.sh against the test cluster, offline: a local file
 * backend, PULUMI_HOME (with the kubernetes plugin) in the tools cache, no update checks, no plugin
 * downloads, and node_modules/.bin first on PATH so the Node.js language host runs the project's
 * Node 22.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { assertBinaries, pulumiBinaries, toolchain } from '../../../tools/cluster/toolchain';
import { testKubeconfig } from './env';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface PulumiResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface PulumiWorkspace {
  /** The copy of the fixture the program runs in. */
  readonly dir: string;
  /** Runs `pulumi <args>`; throws with the output when it exits non-zero. */
  run(args: readonly string[], timeoutMs?: number): Promise<PulumiResult>;
  /** Removes the copy and the backend state. */
  cleanup(): void;
}

/**
 * Copies a fixture project to a temp folder (with node_modules linked to the repository's) and
 * returns a runner whose environment points at a fresh file backend. Throws, naming the missing
 * binaries and how to build them, when the pulumi toolchain is not built.
 */
export function pulumiWorkspace(fixtureDir: string): PulumiWorkspace {
  const tc = toolchain();
  assertBinaries('pulumi', pulumiBinaries(tc));
  const dir = mkdtempSync(join(tmpdir(), 'ferry-pulumi-'));
  const project = join(dir, 'project');
  cpSync(fixtureDir, project, { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [
      join(REPO_ROOT, 'node_modules', '.bin'),
      tc.pulumiBinDir,
      tc.pulumiKubernetesBinDir,
      process.env.PATH,
    ].join(delimiter),
    PULUMI_HOME: tc.pulumiHome,
    PULUMI_BACKEND_URL: `file://${join(dir, 'state')}`,
    PULUMI_CONFIG_PASSPHRASE: 'ferry-integration-tests',
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_SKIP_CONFIRMATIONS: 'true',
    PULUMI_EXPERIMENTAL: 'false',
    KUBECONFIG: testKubeconfig(),
    NO_COLOR: '1',
  };
  return {
    dir: project,
    run: (args, timeoutMs = 120_000) =>
      new Promise((resolveRun, reject) => {
        const full = [...args, '--non-interactive', '--color=never'];
        execFile(
          join(tc.pulumiBinDir, 'pulumi'),
          full,
          { cwd: project, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
          (err, stdout, stderr) => {
            const code = err ? Number((err as { code?: unknown }).code ?? 1) || 1 : 0;
            if (code !== 0) {
              const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
              reject(new Error(`pulumi ${args.join(' ')} exited ${code}:\n${tail}`));
              return;
            }
            resolveRun({ code, stdout, stderr });
          },
        );
      }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
