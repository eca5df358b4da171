export * from './diff';
export * from './load';
export * from './status';
export * from './sync';
