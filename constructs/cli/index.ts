/**
 * The authoring commands of the `ferry` CLI (`synth`), registered onto the operator's program by
 * bin/ferry.js when constructs/ is present. An operator image without constructs/ (and without
 * cdk8s) still runs the operator commands. Commands load lazily: `ferry sync` never loads cdk8s.
 */
import type { Command } from 'commander';

/* eslint-disable @typescript-eslint/no-require-imports */
const commands = {
  synth: () => require('./synth') as typeof import('./synth.js'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

function exit(code: number): void {
  process.exitCode = code;
}

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
}
