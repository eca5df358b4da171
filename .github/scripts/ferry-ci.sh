#!/usr/bin/env bash
# The CI steps of a Ferry platform repository. .github/workflows/ferry.yml runs them; you can run
# them the same way on your machine.
#
#   ferry-ci.sh pull-request          install, typecheck, test, synth, what each environment would
#                                     change on the deploy branch, infra preview (when available)
#   ferry-ci.sh main                  the same, then publish dist/ to the deploy branch
#   ferry-ci.sh preview-open BRANCH   synthesise BRANCH's preview environment and publish its folder
#   ferry-ci.sh preview-close BRANCH  remove BRANCH's preview folder from the deploy branch
#
# Settings (environment variables):
#   FERRY_DEPLOY_REPO        deploy repository URL (default: the remote "origin")
#   FERRY_DEPLOY_BRANCH      deploy branch (default: deploy)
#   FERRY_GIT_TOKEN          HTTPS token for it (GitHub Actions: secrets.GITHUB_TOKEN), or
#   FERRY_GIT_SSH_KEY        an SSH private key file
#   FERRY_CI_INSTALL         install command (default: npm ci)
#   FERRY_CI_TEST            test command (default: npm test)
#   FERRY_CI_INFRA_PREVIEW   0 skips the infra preview
#   FERRY_CI_INFRA_ENVS      environments to preview infra for (space-separated; default: all with infra/)
#   PULUMI_BACKEND_URL       the stacks' state (and PULUMI_CONFIG_PASSPHRASE): without it no infra preview
#   GITHUB_STEP_SUMMARY      set by GitHub Actions: the change summary is added to the job summary
set -euo pipefail
cd "$(dirname "$0")/../.."

mode="${1:-}"
step() { printf '\n== %s\n' "$*"; }
ferry() { npx --no-install ferry "$@"; }

deploy=(--branch "${FERRY_DEPLOY_BRANCH:-deploy}")
if [ -n "${FERRY_DEPLOY_REPO:-}" ]; then deploy+=(--repo "$FERRY_DEPLOY_REPO"); fi

install() {
  step "install"
  if [ -n "${FERRY_CI_INSTALL:-}" ]; then eval "$FERRY_CI_INSTALL"; else npm ci --no-audit --no-fund; fi
}

# What `ferry infra up` would change, per environment with an infra description. A preview against
# an empty local backend would list every resource as new, so it runs only with the stacks' shared
# state (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE). `ferry infra preview` exits 1 both for
# "changes pending" and "failed"; only the second fails the job.
infra_preview() {
  step "infra preview"
  if [ "${FERRY_CI_INFRA_PREVIEW:-1}" = 0 ]; then
    echo "skipped (FERRY_CI_INFRA_PREVIEW=0)"
    return
  fi
  if [ -z "${PULUMI_BACKEND_URL:-}" ]; then
    echo "skipped: set PULUMI_BACKEND_URL (where the stacks' state lives) and PULUMI_CONFIG_PASSPHRASE to preview infra changes"
    return
  fi
  local dir env log rc
  for dir in dist/*/; do
    env=$(basename "$dir")
    [ -f "$dir/infra/stack.json" ] || continue
    if [ -n "${FERRY_CI_INFRA_ENVS:-}" ] && ! [[ " $FERRY_CI_INFRA_ENVS " == *" $env "* ]]; then continue; fi
    log=$(mktemp)
    rc=0
    ferry infra preview "$env" --dir "$dir" | tee "$log" || rc=$?
    if [ "$rc" = 1 ] && grep -q '^CHANGES: ' "$log"; then rc=0; fi
    rm -f "$log"
    [ "$rc" = 0 ] || return "$rc"
  done
}

check() {
  install
  step "typecheck"
  npm run typecheck
  step "test"
  if [ -n "${FERRY_CI_TEST:-}" ]; then eval "$FERRY_CI_TEST"; else npm test; fi
  step "synth"
  rm -rf dist
  ferry synth --out dist
  step "what each environment would change on the deploy branch"
  summary=$(mktemp)
  ferry publish --dry-run --dist dist "${deploy[@]}" | tee "$summary"
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    { echo '### Ferry: changes per environment'; echo '```'; cat "$summary"; echo '```'; } >>"$GITHUB_STEP_SUMMARY"
  fi
  rm -f "$summary"
  infra_preview
}

case "$mode" in
  pull-request)
    check
    ;;
  main)
    check
    step "publish"
    ferry publish --dist dist "${deploy[@]}"
    ;;
  preview-open | preview-close)
    branch="${2:?usage: ferry-ci.sh $mode BRANCH}"
    install
    step "${mode/-/ } $branch"
    # With the operator's cluster (FERRY_PREVIEW_KUBECONFIG, a path), the preview's Environment is
    # created (open) or deleted (close) there too: the operator syncs it, and deletes everything it
    # owned when it closes or its TTL (FERRY_PREVIEW_TTL, default 7d) passes.
    cluster=()
    [ -n "${FERRY_PREVIEW_KUBECONFIG:-}" ] && cluster=(--kubeconfig "$FERRY_PREVIEW_KUBECONFIG")
    [ -n "${FERRY_PREVIEW_TTL:-}" ] && [ "$mode" = preview-open ] && cluster+=(--ttl "$FERRY_PREVIEW_TTL")
    ferry preview "${mode#preview-}" "$branch" "${deploy[@]}" "${cluster[@]}"
    ;;
  *)
    echo "usage: ferry-ci.sh pull-request | main | preview-open BRANCH | preview-close BRANCH" >&2
    exit 2
    ;;
esac
