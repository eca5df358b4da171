# The Ferry operator image: Node 22, non-root, the operator's own files and production
# dependencies only. The platform's TypeScript (constructs/, environments/) is never copied: the
# operator reads the deploy branch, and `ferry synth` runs in CI, not in the cluster.
#
#   docker build -t ghcr.io/acme-shop/ferry-operator:$(node -p 'require("./package.json").version') .
#
# The manifests in dist/ferry-system/ name the image: environments/platform.ts
# (OPERATOR_IMAGE), overridden at synth by FERRY_OPERATOR_IMAGE.
ARG NODE_IMAGE=node:22-bookworm-slim
# Go >= GO_MIN_VERSION of tools/versions.env.
ARG GO_IMAGE=golang:1.26-bookworm

# Build stage: the pulumi CLI, its Node.js language host and the Kubernetes provider, built from Go
# modules by the same script and pinned versions as the local toolchain, laid out flat in /pulumi
# (tools/image-pulumi.sh). The operator runs infra stacks with them (the sync's infra gate).
FROM ${GO_IMAGE} AS pulumi
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
COPY tools/ ./tools/
ENV FERRY_TOOLS_CACHE=/build
RUN bash tools/build.sh --only pulumi && bash tools/image-pulumi.sh /pulumi

FROM ${NODE_IMAGE}

# git for the deploy branch (simple-git runs it), ssh for ssh:// and git@ URLs, CA certificates
# for https.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git openssh-client ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
ENV NODE_ENV=production

COPY package.json package-lock.json ./
# Production dependencies only (tsx runs the TypeScript sources; there is no build step). The
# authoring libraries (cdk8s, cdk8s-plus-28, constructs) are dependencies of `ferry synth`, which
# this image never runs: they are removed so the image carries no cdk8s.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/cdk8s node_modules/cdk8s-plus-28 node_modules/constructs \
 && npm cache clean --force

COPY tsconfig.json ./
COPY bin/ ./bin/
COPY operator/ ./operator/

# The pulumi toolchain, first on the PATH of every pulumi process the operator starts (the provider
# is found there as an ambient plugin). PULUMI_HOME must be writable: the Deployment sets it to a
# folder of its cache volume (the root filesystem is read-only there).
COPY --from=pulumi /pulumi/ /opt/pulumi/bin/
ENV FERRY_PULUMI_BIN_DIR=/opt/pulumi/bin \
    PULUMI_SKIP_UPDATE_CHECK=true

# The numeric user the Deployment's runAsUser names (runAsNonRoot can verify a number only).
USER 1000:1000
ENTRYPOINT ["node", "bin/ferry.js"]
CMD ["operator"]
