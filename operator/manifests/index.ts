/** Deploy folder → validated DesiredObject[], or one precise ManifestError. */
export * from './annotations';
export * from './duplicates';
export * from './environment';
export * from './infra';
export * from './infra-names';
export * from './kinds';
export * from './load';
export * from './parse';
