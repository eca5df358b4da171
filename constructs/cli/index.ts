/**
 * The authoring commands of the `ferry` CLI — `synth`, `promote`, `versions`, `preview
 * open|close` — registered onto the operator's program by bin/ferry.js when constructs/ is present.
 * They load environment classes, so they live beside the constructs: an operator image without
 * constructs/ (and without cdk8s) still runs the operator commands. Commands load lazily: `ferry
 * sync` never loads cdk8s.
 */
import type { Command } from 'commander';
import { gitCredentials } from '../../operator/cli/main';

/* eslint-disable @typescript-eslint/no-require-imports */
const commands = {
  synth: () => require('./synth') as typeof import('./synth.js'),
  promote: () => require('./promote') as typeof import('./promote.js'),
  versions: () => require('./versions') as typeof import('./versions.js'),
  preview: () => require('./preview') as typeof import('./preview.js'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

function exit(code: number): void {
  process.exitCode = code;
}

const APP = '--app <module>';
const APP_HELP = 'environments module (default: $FERRY_APP, else ./environments)';

/** Adds the authoring commands to `program`. */
export function registerAuthoringCommands(program: Command): void {
  program
    .command('synth')
    .description('synthesise environments into <out>/<env>/ (the deploy format)')
    .option('--env <name...>', 'only these environments (default: all)')
    .option('--out <dir>', 'output folder', 'dist')
    .option(
      '--app <module>',
      'environments module exporting allEnvironments() (default: $FERRY_APP, else ./environments)',
    )
    .option('--typecheck', 'type-check the environments module first (type errors: exit 2, nothing written)')
    .option(
      '--preview <branch...>',
      "synthesise a preview environment for these branches (default: $FERRY_PREVIEW_BRANCHES, else the app's list)",
    )
    .action(async (opts) => exit(await commands.synth().synthCommand(opts)));

  program
    .command('promote <source> <target>')
    .description(
      "the target takes the source's image tags: rewrite the versions module, commit on a new branch",
    )
    .option('--component <name...>', 'only these components (default: all)')
    .option('--branch <name>', 'branch to commit on (default: promote/<source>-to-<target>-<HEAD>)')
    .option('--versions <file>', 'the versions module (default: versions.ts beside the environments module)')
    .option('--kubeconfig <path>', 'cluster of the source environment, for the Synced/Healthy check')
    .option('--force', 'skip the declared-order and Synced/Healthy checks', false)
    .option('--dry-run', 'show the version diff; commit nothing', false)
    .option(APP, APP_HELP)
    .action(async (source, target, opts) =>
      exit(await commands.promote().promoteCommand(source, target, opts)),
    );

  program
    .command('versions')
    .description('image tag of every component in every environment, and pending promotions')
    .option('--json', 'machine-readable output', false)
    .option(APP, APP_HELP)
    .action((opts) => exit(commands.versions().versionsCommand(opts)));

  const preview = program
    .command('preview')
    .description('per-branch preview environments on the deploy branch');
  for (const [verb, help] of [
    ['open', "synthesise the branch's preview from the checked-out commit and publish its folder"],
    ['close', "remove the branch's preview folder from the deploy branch"],
  ] as const) {
    gitCredentials(preview.command(`${verb} <branch>`))
      .description(help)
      .option('--repo <url>', 'deploy repository (default: the remote "origin")')
      .option('--branch <name>', 'deploy branch', 'deploy')
      .option('--force', 'publish even over a newer commit of the same preview', false)
      .option('--retries <n>', 'attempts after losing a race with another publish', '5')
      .option(
        '--kubeconfig <path>',
        "the operator's cluster: create (open) or delete (close) the preview's Environment",
      )
      .option('--ttl <duration>', 'open: delete the preview after this long without a new open', '7d')
      .option(APP, APP_HELP)
      .action(async (branch, opts) =>
        exit(
          verb === 'open'
            ? await commands.preview().previewOpenCommand(branch, opts)
            : await commands.preview().previewCloseCommand(branch, opts),
        ),
      );
  }
}
