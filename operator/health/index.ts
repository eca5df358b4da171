/**
 * Health, pure and per kind: `objectHealth(live)` → `{ status, message }` in the kstatus
 * vocabulary (see operator/model/health.ts for the mapping to Argo CD), `healthWithPods` for
 * failing fast on pods that can never become ready, and `worstOf` aggregation.
 */
export * from './aggregate';
export * from './batch';
export * from './core';
export * from './environment';
export * from './fields';
export * from './generic';
export * from './networking';
export * from './object';
export * from './pod';
export * from './workloads';
