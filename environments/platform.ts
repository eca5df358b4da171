/**
 * The shop platform's source, declared once: the deploy repository and branch the operator pulls
 * (CI publishes dist/ there), and where and which operator runs. Every Environment object in
 * dist/ferry-system/ reads this repository and branch. At synth, FERRY_DEPLOY_REPO,
 * FERRY_DEPLOY_BRANCH and FERRY_OPERATOR_IMAGE (the synth context) replace them; `ferry install
 * --repo URL` overrides the source when bootstrapping a cluster.
 */
import { FERRY_VERSION, type OperatorSettings, type PlatformSource } from '../constructs';
import type { SynthContext } from '../constructs/synth/app-module';

export const PLATFORM_SOURCE: PlatformSource = {
  repo: 'https://github.com/acme-shop/shop-deploy.git',
  branch: 'deploy',
};

/** The platform source, with the synth context's replacements. */
export function platformSource(context: SynthContext = {}): PlatformSource {
  return {
    ...PLATFORM_SOURCE,
    repo: context.deployRepo ?? PLATFORM_SOURCE.repo,
    branch: context.deployBranch ?? PLATFORM_SOURCE.branch,
  };
}

/** The operator image CI builds from the Dockerfile, tagged with Ferry's version. */
export const OPERATOR_IMAGE = `ghcr.io/acme-shop/ferry-operator:${FERRY_VERSION}`;

/** The cluster the operator runs in: dev and previews are applied in-cluster, staging and production through cluster Secrets. */
export const OPERATOR_CLUSTER = 'local';

/** The operator's settings; `FERRY_OPERATOR_IMAGE` at synth (the context) overrides the image. */
export function operatorSettings(context: SynthContext = {}): OperatorSettings {
  return { image: context.operatorImage ?? OPERATOR_IMAGE, cluster: OPERATOR_CLUSTER };
}
