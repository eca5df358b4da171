/**
 * An environments module ("app") exports `allEnvironments(): Environment[]`. The synth engine
 * loads it by path, in the main thread and in each worker thread.
 */
import type { Environment } from '../environment';

export interface AppModule {
  allEnvironments(): readonly Environment[];
}

export function loadEnvironments(modulePath: string): readonly Environment[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modulePath) as Partial<AppModule>;
  if (typeof mod.allEnvironments !== 'function') {
    throw new Error(`${modulePath} does not export allEnvironments(): Environment[]`);
  }
  return mod.allEnvironments();
}
