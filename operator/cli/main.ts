/**
 * The `ferry` command line. Wiring only: each command lives in its own module and returns the
 * process exit code (0 success, 1 the operation failed, 2 bad usage or input).
 */
import { Command, Option } from 'commander';
import type { SyncFlags } from '../config';

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
    .option(
      '--cluster <name>',
      "assert the target cluster's name instead of reading the one recorded in it (must match destination.cluster)",
    )
    .addOption(new Option('--token <token>', 'HTTPS token for --repo').env('FERRY_GIT_TOKEN'))
    .addOption(new Option('--ssh-key <path>', 'SSH private key for --repo').env('FERRY_GIT_SSH_KEY'));
}

/*
 * Commands load lazily, so `ferry synth` never loads the Kubernetes client and `ferry sync` never
 * loads cdk8s. require, not import(): bin/ferry.js registers tsx for CommonJS only.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const commands = {
  cluster: () => require('./cluster') as typeof import('./cluster.js'),
  diff: () => require('./diff') as typeof import('./diff.js'),
  diffBetween: () => require('./diff-between') as typeof import('./diff-between.js'),
  sync: () => require('./sync') as typeof import('./sync.js'),
  status: () => require('./status') as typeof import('./status.js'),
  operator: () => require('./operator') as typeof import('./operator.js'),
  install: () => require('./install') as typeof import('./install.js'),
  environments: () => require('./environments') as typeof import('./environments.js'),
  rollback: () => require('./rollback') as typeof import('./rollback.js'),
  publish: () => require('./publish') as typeof import('./publish.js'),
  history: () => require('./history') as typeof import('./history.js'),
  infra: () => require('./infra') as typeof import('./infra.js'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION = (require('../../package.json') as { version: string }).version;

/** Adds commands to the program; bin/ferry.js passes the authoring commands (constructs/cli). */
export type CommandRegistration = (program: Command) => void;

export interface ProgramOptions {
  /** Extra commands (synth, promote, versions, preview), registered before the operator's own. @default none */
  readonly register?: readonly CommandRegistration[];
}

export function gitCredentials(cmd: Command): Command {
  return cmd
    .addOption(new Option('--token <token>', 'HTTPS token for the deploy repository').env('FERRY_GIT_TOKEN'))
    .addOption(
      new Option('--ssh-key <path>', 'SSH private key for the deploy repository').env('FERRY_GIT_SSH_KEY'),
    );
}

export function buildProgram(options: ProgramOptions = {}): Command {
  const program = new Command('ferry')
    .description('Typed GitOps: synthesise environments, then make clusters equal to the deploy branch')
    .version(VERSION, '-V, --version', 'print the version of ferry')
    .showHelpAfterError()
    .exitOverride();

  for (const register of options.register ?? []) register(program);

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
    .command('identify <name>')
    .description(
      "record the Ferry name of the cluster the kubeconfig reaches (matched against environments' destination.cluster)",
    )
    .option('--kubeconfig <path>', 'kubeconfig of the cluster (default: $KUBECONFIG, ~/.kube/config)')
    .action(async (name, opts) => exit(await commands.cluster().clusterIdentify(name, opts)));
  cluster
    .command('status')
    .description('show the local control planes and their processes')
    .option('--name <name>', 'cluster name')
    .action(async (opts) => exit(await commands.cluster().clusterStatus(opts)));

  sourceOptions(program.command('diff [env]'))
    .description(
      'show what a sync would create, change and prune (server-side dry runs); ' +
        'with --between A B, what differs between two synthesised environments (no cluster)',
    )
    .option(
      '--between <env...>',
      'compare two environments of --dist field by field, e.g. --between staging production',
    )
    .option('--dist <dir>', 'folder holding the synthesised environments, for --between', 'dist')
    .option('--prune', 'show owned objects no longer desired as pruned (default: syncPolicy.prune)')
    .option('--no-prune', 'show them as kept')
    .action(async (env, opts) => exit(await diff(env, opts)));

  sourceOptions(program.command('sync <env>'))
    .description('make the cluster equal to the environment folder, in order, waiting for health')
    .option('--prune', 'delete owned objects that are no longer desired (default: syncPolicy.prune)')
    .option('--no-prune', 'keep them, whatever syncPolicy.prune says')
    .option('--timeout <duration>', 'health wait per wave, e.g. 90s, 5m', '5m')
    .option('--backend <url>', 'Pulumi backend of the infra step (default: as `ferry infra`)')
    .option(
      '--unschedulable-grace <duration>',
      'how long a pod may wait for capacity before the sync fails',
      '2m',
    )
    .option('--operator', 'ask the operator to sync now (Environment resource) and follow it until done')
    .action(async (env, opts) =>
      exit(
        opts.operator
          ? await commands.environments().syncViaOperatorCommand(env, { kubeconfig: opts.kubeconfig })
          : await commands.sync().syncCommand(env, opts),
      ),
    );

  sourceOptions(program.command('status <env>'))
    .description(
      'the Environment status when the operator runs it; else revision, per-object health and sync state',
    )
    .action(async (env, opts) => exit(await commands.status().statusCommand(env, opts)));

  const kubeconfigOption = (cmd: Command) =>
    cmd.option('--kubeconfig <path>', 'kubeconfig (default: $KUBECONFIG, ~/.kube/config)');

  program
    .command('get')
    .description('list resources')
    .addCommand(
      kubeconfigOption(new Command('environments'))
        .alias('environment')
        .description('every Environment: sync, health, revision, pin, message')
        .action(async (opts) => exit(await commands.environments().getEnvironmentsCommand(opts))),
    );
  for (const [verb, suspend] of [
    ['suspend', true],
    ['resume', false],
  ] as const) {
    kubeconfigOption(program.command(`${verb} <env>`))
      .description(suspend ? 'stop the operator writing this environment' : 'let the operator sync it again')
      .action(async (env, opts) => exit(await commands.environments().suspendCommand(env, suspend, opts)));
  }

  kubeconfigOption(program.command('rollback <env>'))
    .description(
      'pin the environment to an earlier deploy revision (shows the change first); `ferry resume` unpins',
    )
    .requiredOption('--to <revision>', 'a deploy-branch commit, or a `ferry history` index (0 is the newest)')
    .option('--reason <text>', 'why (recorded on the Environment and in its history)')
    .option('--dry-run', 'only show what the rollback would change', false)
    .action(async (env, opts) => exit(await commands.rollback().rollbackCommand(env, opts)));

  kubeconfigOption(program.command('operator'))
    .description(
      'run the operator: watch Environments and keep each one synced (in-cluster without --kubeconfig)',
    )
    .option('--namespace <ns>', 'where Environments, leases and inventories live', 'ferry-system')
    .option('--port <port>', 'port of /healthz and /readyz', '8080')
    .option(
      '--identity <name>',
      "this replica's name in leases (default: $FERRY_OPERATOR_IDENTITY, host:pid)",
    )
    .option('--concurrency <n>', 'environments synced in parallel', '4')
    .option(
      '--selector <labels>',
      'only Environments with these labels (shard environments across operators)',
    )
    .option(
      '--lease-duration <duration>',
      "how long a dead replica's environments wait before another takes them",
      '15s',
    )
    .option('--watch-silence <duration>', 'restart a watch silent this long', '90s')
    .option('--backoff <duration>', 'first retry of a failed sync (doubles up to 5m)', '2s')
    .option('--poll-interval <duration>', 'git ls-remote each deploy branch this often', '15s')
    .option('--no-poll', 'do not poll deploy branches with git ls-remote (webhooks and the interval only)')
    .option('--no-drift-watch', 'do not watch owned objects (drift is then found at the interval)')
    .option(
      '--heal-debounce <duration>',
      'changes to owned objects within this long are healed together',
      '100ms',
    )
    .option(
      '--fight-limit <n>',
      'reverts of one object within --fight-window before self-heal backs off',
      '5',
    )
    .option('--fight-window <duration>', 'window of the fight guard', '60s')
    .option('--fight-backoff <duration>', 'how long self-heal leaves a fought-over object alone', '5m')
    .option('--webhook-secret <name>', 'Secret (key `secret`) authenticating POST /webhook', 'ferry-webhook')
    .option(
      '--infra-backend-secret <name>',
      'Secret (keys backendURL, passphrase) with the Pulumi backend of Environments that name none in spec.infra (used when it exists)',
      'ferry-infra-backend',
    )
    .option(
      '--notifications-secret <name>',
      'Secret (key `config.yaml`) configuring notifications',
      'ferry-notifications',
    )
    .option('--notify-backoff <duration>', 'first retry of a failed notification (doubles, 5 attempts)', '1s')
    .action(async (opts) => exit(await commands.operator().operatorCommand(opts)));

  sourceOptions(program.command('install'))
    .description(
      'bootstrap a cluster: sync the ferry-system folder of --repo once; the operator takes over from there',
    )
    .option(
      '--cluster-name <name>',
      "record this cluster's name (default: recorded one, else ferry-system's destination)",
    )
    .action(async (opts) => exit(await commands.install().installCommand(opts)));
  gitCredentials(program.command('publish'))
    .description('commit dist/ to the deploy branch: one commit per source commit, only changed environments')
    .option('--dist <dir>', 'synthesised folders to publish', 'dist')
    .option('--repo <url>', 'deploy repository (default: the remote "origin" of the source repository)')
    .option('--branch <name>', 'deploy branch', 'deploy')
    .option('--source <dir>', 'the source repository (ancestry checks, commit details)', '.')
    .option('--source-commit <sha>', 'source commit to record (default: from dist/*/environment.json)')
    .option('--remove <env...>', 'also delete these environment folders from the branch')
    .option('--force', 'publish even if an environment would move to an older source commit', false)
    .option('--dry-run', 'show what would change per environment; push nothing', false)
    .option('--retries <n>', 'attempts after losing a race with another publish', '5')
    .action(async (opts) => exit(await commands.publish().publishCommand(opts)));

  gitCredentials(program.command('history <env>'))
    .description('the deploy commits that changed an environment; --diff <rev> shows what changed since')
    .option('--repo <url>', 'deploy repository (default: the remote "origin")')
    .option('--branch <name>', 'deploy branch', 'deploy')
    .option('--limit <n>', 'newest entries to show', '20')
    .option('--diff <rev>', 'compare the folder at <rev> (commit or history #) with the branch head')
    .option('--patch', "with --diff: also print git's unified diff", false)
    .option('--kubeconfig <path>', "also list the syncs the operator recorded (the Environment's status)")
    .option('--json', 'machine-readable output', false)
    .action(async (env, opts) => exit(await commands.history().historyCommand(env, opts)));

  const infra = program
    .command('infra')
    .description("preview, update or destroy an environment's infra stack (Pulumi)");
  for (const mode of ['preview', 'up', 'destroy'] as const) {
    const cmd = sourceOptions(infra.command(`${mode} <env>`))
      .description(
        {
          preview: 'show what `up` would change (exit 0: nothing, 1: changes)',
          up: 'create or update the infra of the environment',
          destroy: 'delete every resource of the stack and remove the stack (asks for --yes)',
        }[mode],
      )
      .option(
        '--backend <url>',
        'Pulumi state backend (default: $PULUMI_BACKEND_URL, else a file backend in the cache)',
      )
      .option('--refresh', 'refresh the state from the providers first (drift check)', false)
      .option('--timeout <duration>', 'cancel the operation after this long, e.g. 10m', '30m');
    if (mode === 'destroy') cmd.option('--yes', 'confirm: the resources and their data are gone', false);
    cmd.action(async (env, opts) => exit(await commands.infra().infraCommand(mode, env, opts)));
  }

  return program;
}

async function diff(
  env: string | undefined,
  opts: SyncFlags & { between?: string[]; dist: string },
): Promise<number> {
  if (opts.between) {
    if (env) process.stderr.write(`ferry: pass either <env> or --between A B, not both\n`);
    return env ? 2 : commands.diffBetween().diffBetweenCommand(opts.between, opts.dist);
  }
  if (!env) {
    process.stderr.write(
      'ferry: pass <env> (compare with the cluster) or --between A B (compare two environments)\n',
    );
    return 2;
  }
  return commands.diff().diffCommand(env, opts);
}

function exit(code: number): void {
  process.exitCode = code;
}

export async function main(argv: readonly string[], options: ProgramOptions = {}): Promise<void> {
  const program = buildProgram(options);
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
