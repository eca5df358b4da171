export * from './fold';
export * from './writer';
