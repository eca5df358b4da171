#!/usr/bin/env bash
# Runs the pulumi CLI built by tools/build.sh the way the top-level Pulumi.yaml needs it:
#   - Node 22 (node_modules/.bin) first on PATH (the language host starts `node`), and Pulumi.yaml's
#     runtime options applied by tools/pulumi-nodejs-run.js (the built 3.68.0 host cannot receive them);
#   - offline: PULUMI_HOME in the tools cache, no update checks, no plugin downloads;
#   - the built kubernetes provider version exported (the program pins it with `version`);
#   - a local file backend shared with `ferry infra` unless PULUMI_BACKEND_URL is set.
# Usage: npm run pulumi -- preview --stack staging      (or: bash tools/pulumi.sh preview --stack staging)
# The passphrase of the stacks' secrets comes from PULUMI_CONFIG_PASSPHRASE(_FILE), as always.
set -euo pipefail
TOOLS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$TOOLS_DIR/.." && pwd)
# shellcheck source=paths.sh
. "$TOOLS_DIR/paths.sh"
if [[ ! -x $FERRY_PULUMI_BIN_DIR/pulumi || ! -x $FERRY_PULUMI_BIN_DIR/pulumi-language-nodejs ]]; then
  echo "tools/pulumi.sh: the pulumi toolchain is not built; run \`npm run tools\` (tools/README.md)" >&2
  exit 2
fi
export PATH="$REPO_DIR/node_modules/.bin:$FERRY_PULUMI_BIN_DIR:$PATH"
# The language host built here cannot receive Pulumi.yaml's runtime options from this CLI; the
# launcher applies them (see tools/pulumi-nodejs-run.js).
export PULUMI_LANGUAGE_NODEJS_RUN_PATH="$TOOLS_DIR/pulumi-nodejs-run.js"
if [[ -z ${PULUMI_BACKEND_URL:-} ]]; then
  state="${FERRY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ferry}/pulumi"
  mkdir -p "$state"
  export PULUMI_BACKEND_URL="file://$state"
fi
exec "$FERRY_PULUMI_BIN_DIR/pulumi" "$@"
