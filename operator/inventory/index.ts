/**
 * What an environment owns: tracking ids, the inventory record and prune candidates. Pure; the
 * kube adapter reads and writes the record.
 */
export * from './policies';
export * from './prune';
export * from './record';
export * from './tracking';
export * from './store';
export * from './lease';
export * from './identity';
