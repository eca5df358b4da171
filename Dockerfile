# The Ferry operator image: Node 22, non-root, the operator's own files and production
# dependencies only. The platform's TypeScript (constructs/, environments/) is never copied: the
# operator reads the deploy branch, and `ferry synth` runs in CI, not in the cluster.
#
#   docker build -t ghcr.io/acme-shop/ferry-operator:$(node -p 'require("./package.json").version') .
#
# The manifests in dist/ferry-system/ name the image: environments/platform.ts
# (OPERATOR_IMAGE), overridden at synth by FERRY_OPERATOR_IMAGE.
ARG NODE_IMAGE=node:22-bookworm-slim
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

# The numeric user the Deployment's runAsUser names (runAsNonRoot can verify a number only).
USER 1000:1000
ENTRYPOINT ["node", "bin/ferry.js"]
CMD ["operator"]
