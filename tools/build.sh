#!/usr/bin/env bash
# Builds Ferry's local toolchain from Go modules into a cache outside the repository:
#   Kubernetes half: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok
#   Pulumi half:     pulumi, pulumi-language-nodejs (+ pulumi-resource-pulumi-nodejs),
#                    pulumi-resource-kubernetes (+ plugin install)
#
# Exits 1 when a tool fails to build.
#
# Usage: tools/build.sh [--only k8s|pulumi|all]
#
# Layout: <cache>/<tool>-<version>/bin/<binary>, <cache> as in tools/paths.sh. A binary that already
# exists for the pinned version is not built again. Every binary is built into a temporary file and
# renamed into place, so an interrupted build never leaves a file that looks cached.
# Build logs: <cache>/<tool>-<version>/logs/<binary>.log
#
# Environment:
#   FERRY_TOOLS_CACHE   cache directory (default ${XDG_CACHE_HOME:-$HOME/.cache}/ferry-tools)
#   FERRY_BUILD_JOBS    go build -p value (default: cores, limited to one per 4 GiB of memory)
#   GOPROXY, GOMODCACHE, GOCACHE, ... are passed through to go.
set -euo pipefail

TOOLS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=paths.sh
. "$TOOLS_DIR/paths.sh"

ONLY=all
while [[ $# -gt 0 ]]; do
  case $1 in
    --only) ONLY=${2:-}; shift 2 || { echo "build.sh: --only needs k8s, pulumi or all" >&2; exit 2; } ;;
    --only=*) ONLY=${1#--only=}; shift ;;
    -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument: $1 (usage: tools/build.sh [--only k8s|pulumi|all])" >&2; exit 2 ;;
  esac
done
case $ONLY in k8s|pulumi|all) ;; *) echo "build.sh: --only must be k8s, pulumi or all, not '$ONLY'" >&2; exit 2 ;; esac

say() { printf '%s\n' "$*" >&2; }
die() { say "build.sh: error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Go toolchain check
# ---------------------------------------------------------------------------------------------
check_go() {
  if ! command -v go >/dev/null 2>&1; then
    die "Go is not installed (or not on PATH). Go >= $GO_MIN_VERSION is needed to build the tools.
  Install it from https://go.dev/dl/ (e.g. unpack go${GO_MIN_VERSION}.linux-amd64.tar.gz into /usr/local
  and add /usr/local/go/bin to PATH), then run tools/build.sh again."
  fi
  local have
  have=$(GOTOOLCHAIN=local go env GOVERSION 2>/dev/null || true)
  have=${have#go}
  case $have in
    [0-9]*) ;;
    *) say "build.sh: warning: cannot tell the Go version ('$have'); continuing"; return 0 ;;
  esac
  have=${have%%[-+ ]*}
  if [[ $(printf '%s\n%s\n' "$GO_MIN_VERSION" "$have" | sort -V | head -n1) != "$GO_MIN_VERSION" ]]; then
    die "Go $have is too old: the tool modules need Go >= $GO_MIN_VERSION.
  Install a newer Go from https://go.dev/dl/ (Debian's golang package may lag behind), or put one
  first on PATH, then run tools/build.sh again."
  fi
}

GO_CHECKED=0
ensure_go() { (( GO_CHECKED )) || { check_go; GO_CHECKED=1; }; }

# ---------------------------------------------------------------------------------------------
# Build settings
# ---------------------------------------------------------------------------------------------
default_jobs() {
  local cores mem_gib jobs
  cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
  mem_gib=$(awk '/^MemTotal:/ { print int($2 / 1048576) }' /proc/meminfo 2>/dev/null || echo 8)
  jobs=$cores
  if (( mem_gib / 4 < jobs )); then jobs=$(( mem_gib / 4 )); fi
  if (( jobs < 1 )); then jobs=1; fi
  echo "$jobs"
}

JOBS=${FERRY_BUILD_JOBS:-$(default_jobs)}
export CGO_ENABLED=0
export GOTOOLCHAIN=local
export GOFLAGS="-buildvcs=false -mod=readonly"

FAILED=()

# Does the wrapper module in tools/go/<dir> require <module> at version v<version>?
check_pin() {
  local dir=$1 module=$2 modver=$3 re
  re="^[[:space:]]*(require[[:space:]]+)?${module//./\\.}[[:space:]]+${modver//./\\.}([[:space:]]|$)"
  if ! grep -Eq "$re" "$TOOLS_DIR/go/$dir/go.mod"; then
    say "build.sh: error: tools/go/$dir/go.mod does not require $module $modver (tools/versions.env)."
    say "  Update the wrapper module (see tools/README.md, 'Changing a version') and run go mod tidy there."
    return 1
  fi
}

# report_failure <what> <log>
report_failure() {
  say "build.sh: error: $1"
  say "  build log: $2 (last 40 lines below)"
  tail -n 40 "$2" | sed 's/^/  | /' >&2
}

# build_bin <tool> <version> <wrapper dir> <module> <module version> <package> <binary> <extra ldflags>
build_bin() {
  local tool=$1 version=$2 dir=$3 module=$4 modver=$5 pkg=$6 bin=$7 ldflags=$8
  local base="$FERRY_TOOLS_CACHE/$tool-$version"
  local out="$base/bin/$bin" log="$base/logs/$bin.log" tmp start
  [[ -x $out ]] && return 0
  ensure_go
  check_pin "$dir" "$module" "$modver" || return 1
  mkdir -p "$base/bin" "$base/logs"
  rm -f "$base/bin/.$bin.tmp."*   # leftovers of an interrupted run (runs are serialised by the lock)
  tmp="$base/bin/.$bin.tmp.$$"
  printf 'building %s v%s ... ' "$bin" "$version" >&2
  start=$SECONDS
  local rc=0
  (cd "$TOOLS_DIR/go/$dir" || exit 1
      echo "+ go mod download $module  # $modver"
      if ! go mod download "$module" 2>&1; then
        echo "module $module $modver could not be downloaded"
        exit 1
      fi
      echo "+ go build -p $JOBS -trimpath -ldflags '-s -w $ldflags' $pkg"
      go build -p "$JOBS" -trimpath -ldflags "-s -w $ldflags" -o "$tmp" "$pkg") >"$log" 2>&1 || rc=$?
  if (( rc == 0 )); then
    mv -f "$tmp" "$out"
    say "done in $(( SECONDS - start ))s"
  else
    rm -f "$tmp"
    say "FAILED after $(( SECONDS - start ))s"
    report_failure "building $bin from module $module $modver failed" "$log"
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
# Kubernetes half
# ---------------------------------------------------------------------------------------------
build_k8s() {
  build_bin etcd "$ETCD_VERSION" etcd go.etcd.io/etcd/server/v3 "v$ETCD_VERSION" go.etcd.io/etcd/server/v3 etcd "" ||
    FAILED+=("etcd $ETCD_VERSION")

  local minor=${KUBERNETES_VERSION#*.}; minor=${minor%%.*}
  local major=${KUBERNETES_VERSION%%.*} ld="" p
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $p.gitVersion=v$KUBERNETES_VERSION -X $p.gitMajor=$major -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  local c
  # Sequential on purpose: each link of a kube binary takes ~2 GiB; packages are shared via GOCACHE.
  for c in kube-apiserver kube-controller-manager kube-scheduler; do
    build_bin kubernetes "$KUBERNETES_VERSION" kubernetes k8s.io/kubernetes "v$KUBERNETES_VERSION" "k8s.io/kubernetes/cmd/$c" "$c" "$ld" ||
      FAILED+=("$c $KUBERNETES_VERSION")
  done

  build_bin kwok "$KWOK_VERSION" kwok sigs.k8s.io/kwok "v$KWOK_VERSION" sigs.k8s.io/kwok/cmd/kwok kwok \
    "-X sigs.k8s.io/kwok/pkg/consts.Version=v$KWOK_VERSION -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=v$KUBERNETES_VERSION" ||
    FAILED+=("kwok $KWOK_VERSION")
}

# ---------------------------------------------------------------------------------------------
# Pulumi half
# ---------------------------------------------------------------------------------------------
PULUMI_LD="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"

build_pulumi_cli() {
  build_bin pulumi "$PULUMI_VERSION" pulumi github.com/pulumi/pulumi/pkg/v3 "v$PULUMI_VERSION" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi pulumi "$PULUMI_LD" ||
    FAILED+=("pulumi $PULUMI_VERSION")
}

# The Node.js language host (runs `runtime: nodejs` programs such as the top-level Pulumi.yaml) and
# the dynamic-provider launcher. The language host's own module is refused by this machine's module
# proxy (tools/README.md, "Known failures"); github.com/pulumi/pulumi/sdk/v3 up to v3.68.0 still holds
# nodejs/cmd/pulumi-language-nodejs, so that release is built — an older host than the official CLI
# bundles. `pulumi-resource-pulumi-nodejs` (dynamic providers) is the shell script of the same module
# release, copied from the module cache. Both are built/kept in <cache>/pulumi-language-nodejs-<ver>/bin
# and installed next to the pulumi binary, where the CLI looks for its bundled plugins first.
build_language_nodejs() {
  local v=$PULUMI_LANGUAGE_NODEJS_VERSION module=github.com/pulumi/pulumi/sdk/v3
  local dir="$FERRY_PULUMI_LANGUAGE_BIN_DIR" src f
  build_bin pulumi-language-nodejs "$v" pulumi-language-nodejs "$module" "v$v" \
    "$module/nodejs/cmd/pulumi-language-nodejs" pulumi-language-nodejs \
    "-X $module/go/common/version.Version=v$v" || { FAILED+=("pulumi-language-nodejs $v"); return; }
  if [[ ! -x $dir/pulumi-resource-pulumi-nodejs ]]; then
    src=$(cd "$TOOLS_DIR/go/pulumi-language-nodejs" && go list -m -f '{{.Dir}}' "$module" 2>/dev/null)
    if [[ -z $src || ! -f $src/nodejs/dist/pulumi-resource-pulumi-nodejs ]]; then
      say "build.sh: error: $module v$v has no nodejs/dist/pulumi-resource-pulumi-nodejs in the module cache"
      FAILED+=("pulumi-resource-pulumi-nodejs $v"); return
    fi
    cp "$src/nodejs/dist/pulumi-resource-pulumi-nodejs" "$dir/.dynamic.tmp.$$" && chmod 755 "$dir/.dynamic.tmp.$$" &&
      mv -f "$dir/.dynamic.tmp.$$" "$dir/pulumi-resource-pulumi-nodejs"
  fi
  [[ -x $FERRY_PULUMI_BIN_DIR/pulumi ]] || return 0   # the CLI failed; reported on its own
  for f in pulumi-language-nodejs pulumi-resource-pulumi-nodejs; do
    cmp -s "$dir/$f" "$FERRY_PULUMI_BIN_DIR/$f" && continue
    cp "$dir/$f" "$FERRY_PULUMI_BIN_DIR/.$f.tmp.$$" && mv -f "$FERRY_PULUMI_BIN_DIR/.$f.tmp.$$" "$FERRY_PULUMI_BIN_DIR/$f"
    say "installed $f v$v next to pulumi v$PULUMI_VERSION"
  done
}

# pulumi-resource-kubernetes embeds schema-embed.json and terraform-mapping-embed.json, which upstream
# generates from the committed schema.json / terraform-mapping.json with cmd/.../generate.go and does
# not publish in the module. The command's folder is copied out of the module cache into a scratch
# copy of the wrapper module inside the cache, the generator is run there, and the copy is built.
build_k8s_provider() {
  local tool=pulumi-kubernetes version=$FERRY_PULUMI_KUBERNETES_VERSION dir=pulumi-kubernetes
  local module=github.com/pulumi/pulumi-kubernetes/provider/v4
  local base="$FERRY_TOOLS_CACHE/$tool-$version" bin=pulumi-resource-kubernetes
  local out="$base/bin/$bin" log="$base/logs/$bin.log" work tmp src start
  if [[ ! -x $out ]]; then
    ensure_go
    # The module version in the wrapper may be a tag or the pseudo-version of the release commit;
    # the marker line ties the wrapper to PULUMI_KUBERNETES_VERSION.
    local modver
    modver=$(awk -v m="$module" '$1 == m { print $2; exit } $1 == "require" && $2 == m { print $3; exit }' "$TOOLS_DIR/go/$dir/go.mod")
    if [[ -z $modver ]] || ! grep -q "^// ferry-pulumi-kubernetes-version: $version\$" "$TOOLS_DIR/go/$dir/go.mod"; then
      say "build.sh: error: tools/go/$dir/go.mod must require $module and carry the line"
      say "  '// ferry-pulumi-kubernetes-version: $version' (tools/versions.env)."
      FAILED+=("$bin $version"); return
    fi
    mkdir -p "$base/bin" "$base/logs"
    rm -rf "$base/work.tmp."* "$base/bin/.$bin.tmp."*   # leftovers of an interrupted run
    work="$base/work.tmp.$$"; tmp="$base/bin/.$bin.tmp.$$"
    mkdir -p "$work/cmd"
    cp "$TOOLS_DIR/go/$dir/go.mod" "$work/"
    if [[ -f $TOOLS_DIR/go/$dir/go.sum ]]; then cp "$TOOLS_DIR/go/$dir/go.sum" "$work/"; else : >"$work/go.sum"; fi
    printf 'building %s v%s ... ' "$bin" "$version" >&2
    start=$SECONDS
    if (
      cd "$work" || exit 1
      # Scratch copy: go may complete go.sum here (checked against the checksum database as usual).
      export GOFLAGS="-buildvcs=false -mod=mod"
      echo "+ go mod download $module@$modver"
      src=$(go mod download -json "$module@$modver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
      if [[ -z $src || ! -d $src/cmd/$bin ]]; then
        go mod download "$module@$modver"
        echo "module $module@$modver could not be downloaded"; exit 1
      fi
      cp -R "$src/cmd/$bin" "cmd/$bin" && chmod -R u+w "cmd/$bin" || exit 1
      echo "+ (cd cmd/$bin && VERSION=$version go run generate.go)"
      (cd "cmd/$bin" && VERSION=$version go run generate.go) || exit 1
      echo "+ go build ./cmd/$bin"
      go build -p "$JOBS" -trimpath \
        -ldflags "-s -w -X $module/pkg/version.Version=$version" -o "$tmp" "./cmd/$bin"
    ) >"$log" 2>&1; then
      mv -f "$tmp" "$out"
      rm -rf "$work"
      say "done in $(( SECONDS - start ))s"
    else
      rm -f "$tmp"; rm -rf "$work"
      say "FAILED after $(( SECONDS - start ))s"
      report_failure "building $bin from module $module $modver failed" "$log"
      FAILED+=("$bin $version"); return
    fi
  fi
  install_k8s_plugin
}

# Install the provider into $PULUMI_HOME/plugins so that pulumi finds it without downloading.
install_k8s_plugin() {
  local version=$FERRY_PULUMI_KUBERNETES_VERSION pulumi="$FERRY_PULUMI_BIN_DIR/pulumi"
  local plugdir="$PULUMI_HOME/plugins/resource-kubernetes-v$version"
  [[ -x $plugdir/pulumi-resource-kubernetes && -e $plugdir.partial ]] && rm -rf "$plugdir" "$plugdir.partial" "$plugdir.lock"
  [[ -x $plugdir/pulumi-resource-kubernetes ]] && return 0
  if [[ ! -x $pulumi ]]; then
    say "build.sh: error: cannot install the kubernetes plugin: $pulumi was not built"
    FAILED+=("kubernetes plugin install $version"); return
  fi
  mkdir -p "$PULUMI_HOME"
  local log="$FERRY_TOOLS_CACHE/pulumi-kubernetes-$version/logs/plugin-install.log"
  printf 'installing plugin resource kubernetes v%s into %s ... ' "$version" "$PULUMI_HOME" >&2
  if "$pulumi" plugin install resource kubernetes "v$version" --file "$FERRY_PULUMI_KUBERNETES_PROVIDER" >"$log" 2>&1; then
    say "done"
  else
    say "FAILED"
    report_failure "pulumi plugin install resource kubernetes v$version failed" "$log"
    FAILED+=("kubernetes plugin install $version")
  fi
}

build_pulumi() {
  build_pulumi_cli
  build_language_nodejs
  build_k8s_provider
}

# ---------------------------------------------------------------------------------------------
write_env() {
  local f="$FERRY_TOOLS_CACHE/env.sh" v
  {
    echo "# Written by tools/build.sh; the same values as sourcing tools/paths.sh."
    for v in FERRY_TOOLS_CACHE FERRY_ETCD FERRY_KUBE_APISERVER FERRY_KUBE_CONTROLLER_MANAGER \
      FERRY_KUBE_SCHEDULER FERRY_KWOK FERRY_PULUMI_BIN_DIR FERRY_PULUMI_LANGUAGE_BIN_DIR \
      FERRY_PULUMI_KUBERNETES_VERSION FERRY_PULUMI_KUBERNETES_BIN_DIR \
      FERRY_PULUMI_KUBERNETES_PROVIDER PULUMI_HOME PULUMI_SKIP_UPDATE_CHECK \
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION; do
      printf 'export %s=%q\n' "$v" "${!v}"
    done
  } >"$f.tmp.$$"
  mv -f "$f.tmp.$$" "$f"
}

main() {
  mkdir -p "$FERRY_TOOLS_CACHE"
  # One build at a time per cache (two concurrent runs would only duplicate work).
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$FERRY_TOOLS_CACHE/.build.lock"
    flock -n 9 || { say "build.sh: waiting for another build.sh using $FERRY_TOOLS_CACHE ..."; flock 9; }
  fi
  if [[ $ONLY == k8s || $ONLY == all ]]; then build_k8s; fi
  if [[ $ONLY == pulumi || $ONLY == all ]]; then build_pulumi; fi
  write_env
  if [[ $ONLY != k8s && $FERRY_PULUMI_KUBERNETES_VERSION != "$PULUMI_KUBERNETES_VERSION" ]]; then
    say "NOTE: pulumi-resource-kubernetes is v$FERRY_PULUMI_KUBERNETES_VERSION, not the wanted v$PULUMI_KUBERNETES_VERSION" \
      "(refused by the Go module proxy); programs pass it as the provider's version option (tools/README.md)"
  fi
  if (( ${#FAILED[@]} )); then
    say "build.sh: ${#FAILED[@]} tool(s) could not be built: $(IFS=,; echo "${FAILED[*]}" | sed 's/,/, /g')"
    say "  (see tools/README.md, 'Known failures'; build logs are under $FERRY_TOOLS_CACHE/<tool>-<version>/logs)"
    exit 1
  fi
}

# On one line, so that bash never reads past it (the file may be edited while a long build runs).
main; exit
