// The program launcher that tools/pulumi.sh hands to the Node.js language host built by tools/
// (PULUMI_LANGUAGE_NODEJS_RUN_PATH). That host (3.68.0) reads its runtime options only from command
// line flags, which the pulumi CLI 3.259.0 no longer passes (it sends them over gRPC), so the options
// of the top-level Pulumi.yaml are applied here instead, then @pulumi/pulumi's own launcher runs:
//   typescript: false     -> no ts-node (the host always asks for it)
//   nodeargs: --import tsx -> tsx's CommonJS and ESM hooks
// With the official CLI (whose bundled host reads the options) this file is not used.
'use strict';
const fromProject = (id) => require.resolve(id, { paths: [process.cwd()] });
delete process.env.PULUMI_NODEJS_TYPESCRIPT;
require(fromProject('tsx/cjs/api')).register();
require(fromProject('tsx/esm/api')).register();
require(fromProject('@pulumi/pulumi/cmd/run'));
