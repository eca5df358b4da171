# Source this file (". tools/paths.sh") to get the locations of the tools built by tools/build.sh.
# Everything is computed from tools/versions.env; nothing is built or checked here.
#
# Cache layout (the TypeScript code computes the same):
#   <cache>/<tool>-<version>/bin/<binary>
#   <cache> = ${FERRY_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ferry-tools}
#
# shellcheck shell=bash

_ferry_tools_dir=$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)

# shellcheck source=versions.env
. "$_ferry_tools_dir/versions.env"

FERRY_TOOLS_CACHE=${FERRY_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ferry-tools}
case $FERRY_TOOLS_CACHE in /*) ;; *) FERRY_TOOLS_CACHE="$PWD/$FERRY_TOOLS_CACHE" ;; esac
export FERRY_TOOLS_CACHE

export FERRY_ETCD="$FERRY_TOOLS_CACHE/etcd-$ETCD_VERSION/bin/etcd"
export FERRY_KUBE_APISERVER="$FERRY_TOOLS_CACHE/kubernetes-$KUBERNETES_VERSION/bin/kube-apiserver"
export FERRY_KUBE_CONTROLLER_MANAGER="$FERRY_TOOLS_CACHE/kubernetes-$KUBERNETES_VERSION/bin/kube-controller-manager"
export FERRY_KUBE_SCHEDULER="$FERRY_TOOLS_CACHE/kubernetes-$KUBERNETES_VERSION/bin/kube-scheduler"
export FERRY_KWOK="$FERRY_TOOLS_CACHE/kwok-$KWOK_VERSION/bin/kwok"

# pulumi; the Node.js language host (and the dynamic-provider launcher) has its own version and
# directory, and build.sh installs copies of both next to pulumi (where the CLI finds bundled plugins).
export FERRY_PULUMI_BIN_DIR="$FERRY_TOOLS_CACHE/pulumi-$PULUMI_VERSION/bin"
export FERRY_PULUMI_LANGUAGE_BIN_DIR="$FERRY_TOOLS_CACHE/pulumi-language-nodejs-$PULUMI_LANGUAGE_NODEJS_VERSION/bin"
# The Kubernetes provider has its own version, so it has its own directory; build.sh also
# installs it into $PULUMI_HOME/plugins, which is where pulumi looks for it. The version is the one
# actually built (PULUMI_KUBERNETES_BUILD_VERSION, see versions.env), not the wanted 4.34.2.
export FERRY_PULUMI_KUBERNETES_VERSION="$PULUMI_KUBERNETES_BUILD_VERSION"
export FERRY_PULUMI_KUBERNETES_BIN_DIR="$FERRY_TOOLS_CACHE/pulumi-kubernetes-$FERRY_PULUMI_KUBERNETES_VERSION/bin"
export FERRY_PULUMI_KUBERNETES_PROVIDER="$FERRY_PULUMI_KUBERNETES_BIN_DIR/pulumi-resource-kubernetes"

# Pulumi state that must never reach the network: plugins live in the cache.
export PULUMI_HOME="$FERRY_TOOLS_CACHE/pulumi-home"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true

unset _ferry_tools_dir
