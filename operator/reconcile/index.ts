export * from './diff';
export * from './load';
export * from './lock';
export * from './need';
export * from './operation';
export * from './report';
export * from './status';
export * from './sync';
