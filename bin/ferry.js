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
if (
  ['sync', 'diff', 'status', 'operator', 'install', 'get', 'suspend', 'resume', 'rollback'].includes(
    process.argv[2],
  ) &&
  !process.argv.includes('--between')
) {
  require('@kubernetes/client-node');
}
require('tsx/cjs');
// The authoring commands (synth, …) come with constructs/; an operator image without it still
// runs the operator commands.
const path = require('node:path');
const fs = require('node:fs');
const authoring = path.join(__dirname, '..', 'constructs', 'cli', 'index.ts');
const register = fs.existsSync(authoring) ? [require(authoring).registerAuthoringCommands] : [];
require('../operator/cli/main.ts').main(process.argv.slice(2), { register });
