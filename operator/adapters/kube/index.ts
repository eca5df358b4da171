export * from './client';
export * from './discovery';
export * from './errors';
export * from './objects';
export * from './pods';
export * from './informer';
