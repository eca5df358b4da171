/**
 * Infra: an environment's Pulumi stack, from its infra description. `runInfraStep` (the sync's infra
 * gate and `ferry infra`), `infraHash` (skip when unchanged), and the program itself (`buildInfra`,
 * used by the top-level Pulumi.yaml and the unit tests).
 */
export * from './hash';
export * from './program';
export * from './step';
