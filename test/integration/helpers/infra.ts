/**
 * A sandbox for infra tests: a fresh local file backend, a passphrase, Ferry's cache (Automation API
 * workspaces, operation locks) and the test cluster's kubeconfig, handed to the `ferry` CLI and to
 * the pulumi CLI built by tools/ (through tools/pulumi.sh, as a user runs it). Fails — never skips —
 * when the pulumi toolchain is not built, saying how to build it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assertBinaries, pulumiBinaries, toolchain } from '../../../tools/cluster/toolchain';
import { testKubeconfig } from './env';
import { kubectlJson, kubectlRaw } from './kubectl';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface InfraSandbox {
  readonly dir: string;
  /** The backend's folder (`file://<state>`). */
  readonly state: string;
  readonly env: NodeJS.ProcessEnv;
  /** `node bin/ferry.js <args>` with the sandbox's environment. */
  ferry(args: readonly string[], opts?: { timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<RunResult>;
  /** Starts `ferry <args>` without waiting (own process group); `output()` is what it printed so far. */
  spawnFerry(args: readonly string[]): { child: ChildProcess; output: () => string };
  /** `bash tools/pulumi.sh <args>` in `cwd` (default: the repository root). */
  pulumi(args: readonly string[], opts?: { cwd?: string; timeoutMs?: number }): Promise<RunResult>;
  /** Pulumi's lock files of a stack in the backend. */
  locks(project: string, stack: string): string[];
  cleanup(): void;
}

/** Runs a command to its end (SIGKILL after `timeoutMs`), collecting its output. */
export function runCommand(
  cmd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd = REPO_ROOT,
  timeoutMs = 170_000,
): Promise<RunResult> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

export function infraSandbox(label: string): InfraSandbox {
  const tc = toolchain();
  assertBinaries('pulumi', pulumiBinaries(tc));
  const dir = mkdtempSync(join(tmpdir(), `ferry-infra-${label}-`));
  const state = join(dir, 'state');
  mkdirSync(state);
  const node = join(REPO_ROOT, 'node_modules', '.bin', 'node');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${state}`,
    PULUMI_CONFIG_PASSPHRASE: `ferry-integration-${label}`,
    FERRY_CACHE_DIR: join(dir, 'cache'),
    KUBECONFIG: testKubeconfig(),
    FERRY_TOOLS_CACHE: tc.cacheDir,
    NO_COLOR: '1',
  };
  delete env.PULUMI_CONFIG_PASSPHRASE_FILE;
  const ferryArgs = (args: readonly string[]) => [join(REPO_ROOT, 'bin', 'ferry.js'), ...args];
  return {
    dir,
    state,
    env,
    ferry: (args, opts) =>
      runCommand(node, ferryArgs(args), { ...env, ...opts?.env }, REPO_ROOT, opts?.timeoutMs ?? 170_000),
    spawnFerry: (args) => {
      const child = spawn(node, ferryArgs(args), {
        cwd: REPO_ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let out = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      return { child, output: () => out };
    },
    pulumi: (args, opts) =>
      runCommand(
        'bash',
        [join(REPO_ROOT, 'tools', 'pulumi.sh'), ...args],
        env,
        opts?.cwd ?? REPO_ROOT,
        opts?.timeoutMs ?? 170_000,
      ),
    locks: (project, stack) => {
      const root = join(state, '.pulumi', 'locks');
      const found: string[] = [];
      for (const org of safeList(root)) {
        for (const f of safeList(join(root, org, project, stack)).filter((n) => n.endsWith('.json')))
          found.push(join(root, org, project, stack, f));
      }
      return found;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The sandbox's backend as the operator reads it: a Secret in ferry-system with `backendURL` and
 * `passphrase`, and the environment of an operator process that runs Pulumi with the built toolchain.
 */
export async function operatorInfraBackend(
  sandbox: InfraSandbox,
  secretName: string,
): Promise<Record<string, string>> {
  const created = await kubectlRaw([
    'create',
    'secret',
    'generic',
    secretName,
    '-n',
    'ferry-system',
    `--from-literal=backendURL=${sandbox.env.PULUMI_BACKEND_URL}`,
    `--from-literal=passphrase=${sandbox.env.PULUMI_CONFIG_PASSPHRASE}`,
  ]);
  if (created.code !== 0) throw new Error(created.stderr);
  const tc = toolchain();
  return {
    FERRY_CACHE_DIR: sandbox.env.FERRY_CACHE_DIR!,
    FERRY_PULUMI_BIN_DIR: tc.pulumiBinDir,
    PULUMI_HOME: tc.pulumiHome,
    FERRY_PULUMI_KUBERNETES_VERSION: tc.versions.pulumiKubernetesBuild,
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
  };
}

/** Names of the connection Secrets the stack of `env` created in namespace `namespace`, sorted. */
export async function infraSecretNames(env: string, namespace = env): Promise<string[]> {
  const secrets = await kubectlJson<{ items: { metadata: { name: string } }[] }>(
    ['get', 'secrets', '-l', `ferry.dev/infra=${env}`],
    { namespace },
  );
  return secrets.items.map((s) => s.metadata.name).sort();
}

/**
 * Empty the needs of a synthesised folder's infra description, for tests of the app sync that are
 * not about infra: with no needs (and no stack brought up before) the sync's infra gate has nothing
 * to do and needs no Pulumi backend. The manifests still reference the connection Secrets; on the
 * test cluster's fake nodes no container reads them.
 */
export function withoutInfraNeeds(folder: string): string {
  const file = join(folder, 'infra', 'stack.json');
  const description = JSON.parse(readFileSync(file, 'utf8')) as { needs: unknown[] };
  writeFileSync(file, `${JSON.stringify({ ...description, needs: [] }, null, 2)}\n`);
  return folder;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Every process below `pid` (children first found through /proc), deepest last. */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of safeList('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, pp] of parent) {
      if (pp === p) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

/** SIGKILL a process and everything below it at once (deepest first), as when a machine or pod dies. */
export function killTree(pid: number): number[] {
  const all = [pid, ...descendants(pid)];
  for (const p of [...all].reverse()) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return all;
}
