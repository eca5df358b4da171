#!/usr/bin/env bash
# Lays out the pulumi toolchain the operator image carries, from what tools/build.sh built:
#   <dest>/pulumi, pulumi-language-nodejs, pulumi-resource-pulumi-nodejs   (the CLI and its plugins)
#   <dest>/pulumi-resource-kubernetes                                       (the provider, found on PATH)
# One flat, version-free directory: the image sets FERRY_PULUMI_BIN_DIR to it, and the operator puts
# it first on the PATH of every pulumi process, where pulumi finds the provider as an ambient
# plugin — so PULUMI_HOME can be any writable, empty directory (the image's root filesystem is
# read-only; the Deployment points PULUMI_HOME into its cache volume).
#
# Usage: tools/image-pulumi.sh <dest>      (the Dockerfile's build stage; a test runs it too)
set -euo pipefail

dest=${1:?usage: tools/image-pulumi.sh <dest>}
# shellcheck source=paths.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/paths.sh"

need=("$FERRY_PULUMI_BIN_DIR/pulumi" "$FERRY_PULUMI_BIN_DIR/pulumi-language-nodejs"
  "$FERRY_PULUMI_BIN_DIR/pulumi-resource-pulumi-nodejs" "$FERRY_PULUMI_KUBERNETES_PROVIDER")
for f in "${need[@]}"; do
  [[ -x $f ]] || { echo "image-pulumi.sh: $f is missing; run tools/build.sh --only pulumi first" >&2; exit 1; }
done
mkdir -p "$dest"
cp -f "${need[@]}" "$dest/"
echo "pulumi $PULUMI_VERSION, language host $PULUMI_LANGUAGE_NODEJS_VERSION, kubernetes provider $FERRY_PULUMI_KUBERNETES_VERSION -> $dest" >&2
