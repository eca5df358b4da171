/**
 * The shop platform's environments. `allEnvironments()` is what `ferry synth` (and `cdk8s synth`)
 * synthesise: dev, staging, production and one preview per open branch.
 */
import type { Environment } from '../constructs';
import { Dev } from './dev';
import { Preview } from './preview';
import { Production } from './production';
import { Staging } from './staging';

export * from './shop-environment';
export * from './catalogue';
export * from './dev';
export * from './staging';
export * from './production';
export * from './preview';

/** Branches with a preview environment. */
export const PREVIEW_BRANCHES: readonly string[] = ['feature/login'];

export function allEnvironments(): Environment[] {
  return [new Dev(), new Staging(), new Production(), ...PREVIEW_BRANCHES.map((b) => new Preview(b))];
}
