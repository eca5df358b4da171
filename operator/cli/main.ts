/**
 * The `ferry` command line. Wiring only: each command lives in its own module and returns the
 * process exit code (0 success, 1 the operation failed, 2 bad usage or input).
 */
import { Command, Option } from 'commander';

export interface SourceOptions {
  readonly repo?: string;
  readonly branch: string;
  readonly dir?: string;
  readonly kubeconfig?: string;
}

function sourceOptions(cmd: Command): Command {
  return cmd
    .option('--repo <url>', 'git URL of the deploy repository (https, ssh, file or a local path)')
    .option('--branch <name>', 'deploy branch', 'deploy')
    .option('--dir <path>', 'read a local folder (e.g. dist/dev) instead of --repo')
    .option('--kubeconfig <path>', 'kubeconfig of the target cluster (default: $KUBECONFIG, ~/.kube/config)')
    .addOption(new Option('--token <token>', 'HTTPS token for --repo').env('FERRY_GIT_TOKEN'))
    .addOption(new Option('--ssh-key <path>', 'SSH private key for --repo').env('FERRY_GIT_SSH_KEY'));
}

/*
 * Commands load lazily, so `ferry synth` never loads the Kubernetes client and `ferry sync` never
 * loads cdk8s. require, not import(): bin/ferry.js registers tsx for CommonJS only.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const commands = {
  synth: () => require('./synth') as typeof import('./synth.js'),
  cluster: () => require('./cluster') as typeof import('./cluster.js'),
  diff: () => require('./diff') as typeof import('./diff.js'),
  sync: () => require('./sync') as typeof import('./sync.js'),
  status: () => require('./status') as typeof import('./status.js'),
  infra: () => require('./infra') as typeof import('./infra.js'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

export function buildProgram(): Command {
  const program = new Command('ferry')
    .description('Typed GitOps: synthesise environments, then make clusters equal to the deploy branch')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('synth')
    .description('synthesise environments into <out>/<env>/ (the deploy format)')
    .option('--env <name...>', 'only these environments (default: all)')
    .option('--out <dir>', 'output folder', 'dist')
    .option(
      '--app <module>',
      'environments module exporting allEnvironments() (default: $FERRY_APP, else ./environments)',
    )
    .action(async (opts) => exit(await commands.synth().synthCommand(opts)));

  const cluster = program.command('cluster').description('a local control plane for tests and demos');
  cluster
    .command('up')
    .description('start a local control plane; prints the kubeconfig path last')
    .option('--name <name>', 'cluster name', 'ferry')
    .action(async (opts) => exit(await commands.cluster().clusterUp(opts)));
  cluster
    .command('down')
    .description('stop a local control plane and remove its processes')
    .option('--name <name>', 'cluster name', 'ferry')
    .action(async (opts) => exit(await commands.cluster().clusterDown(opts)));
  cluster
    .command('status')
    .description('show the local control planes and their processes')
    .option('--name <name>', 'cluster name')
    .action(async (opts) => exit(await commands.cluster().clusterStatus(opts)));

  sourceOptions(program.command('diff <env>'))
    .description('show what a sync would create, change and prune (server-side dry runs)')
    .action(async (env, opts) => exit(await commands.diff().diffCommand(env, opts)));

  sourceOptions(program.command('sync <env>'))
    .description('make the cluster equal to the environment folder, in order, waiting for health')
    .option('--prune', 'delete owned objects that are no longer desired', false)
    .option('--timeout <duration>', 'health wait per wave, e.g. 90s, 5m', '5m')
    .action(async (env, opts) => exit(await commands.sync().syncCommand(env, opts)));

  sourceOptions(program.command('status <env>'))
    .description('revision synced, per-object health, and sync state when --repo or --dir is given')
    .action(async (env, opts) => exit(await commands.status().statusCommand(env, opts)));

  const infra = program
    .command('infra')
    .description("preview or update an environment's infra stack (Pulumi)");
  for (const mode of ['preview', 'up'] as const) {
    sourceOptions(infra.command(`${mode} <env>`))
      .description(
        mode === 'preview'
          ? 'show what `up` would change (exit 0: nothing, 1: changes)'
          : 'create or update the infra of the environment',
      )
      .option(
        '--backend <url>',
        'Pulumi state backend (default: $PULUMI_BACKEND_URL, else a file backend in the cache)',
      )
      .option('--refresh', 'refresh the state from the providers first (drift check)', false)
      .option('--timeout <duration>', 'cancel the operation after this long, e.g. 10m', '30m')
      .action(async (env, opts) => exit(await commands.infra().infraCommand(mode, env, opts)));
  }

  return program;
}

function exit(code: number): void {
  process.exitCode = code;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    const e = err as { code?: string; exitCode?: number; message?: string };
    if (e.code?.startsWith('commander.')) {
      process.exitCode = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
      return;
    }
    process.stderr.write(`ferry: ${e.message ?? String(err)}\n`);
    process.exitCode = 1;
  }
}
