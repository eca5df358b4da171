#!/usr/bin/env node
// The `ferry` command. TypeScript sources run through tsx, so no build step is needed.
'use strict';
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `ferry needs Node.js 22 or newer (this is ${process.version}). Run it through npm (npx ferry, npm run ...) so the bundled node@22 is used, or install Node 22.\n`,
  );
  process.exit(2);
}
// @kubernetes/client-node is plain JavaScript: loading it before tsx's loader hook is installed
// saves about a second of start-up for the commands that talk to a cluster.
if (['sync', 'diff', 'status'].includes(process.argv[2])) require('@kubernetes/client-node');
require('tsx/cjs');
// Authoring commands (promote, versions, preview) load environment classes; they live in constructs/.
const { registerAuthoringCommands } = require('../constructs/cli/index.ts');
require('../operator/cli/main.ts').main(process.argv.slice(2), { register: [registerAuthoringCommands] });
