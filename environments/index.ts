/**
 * The shop platform's environments. `allEnvironments()` is what `ferry synth` (and `cdk8s synth`)
 * synthesise: dev, staging, production, one preview per open branch, and ferry-system — the
 * operator's own install with one Environment object per environment.
 */
import { FerrySystem, Promotion, type Environment } from '../constructs';
import type { SynthContext } from '../constructs/synth/app-module';
import { Dev } from './dev';
import { operatorSettings, platformSource } from './platform';
import { Preview } from './preview';
import { Production } from './production';
import { Staging } from './staging';

export * from './shop-environment';
export * from './catalogue';
export * from './dev';
export * from './staging';
export * from './production';
export * from './preview';
export * from './platform';
export * from './versions';

/**
 * Branches with a preview environment when synth is not given any (CI passes the pull request's
 * branch: `ferry synth --preview "$BRANCH"` or `FERRY_PREVIEW_BRANCHES`).
 */
export const PREVIEW_BRANCHES: readonly string[] = ['feature/login'];

export function allEnvironments(context: SynthContext = {}): Environment[] {
  const branches = context.previewBranches ?? PREVIEW_BRANCHES;
  const environments = [new Dev(), new Staging(), new Production(), ...branches.map((b) => new Preview(b))];
  const system = new FerrySystem({
    source: platformSource(context),
    operator: operatorSettings(context),
    environments,
  });
  return [...environments, system];
}

/** The order releases move in: `ferry promote` refuses anything else unless forced. */
export const promotions: readonly Promotion[] = [
  Promotion.from(Dev).to(Staging),
  Promotion.from(Staging).to(Production),
];

/** The environment of one branch: `ferry preview open <branch>` synthesises and publishes it. */
export function previewEnvironment(branch: string): Environment {
  return new Preview(branch);
}
