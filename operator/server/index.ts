export * from './http';
export * from './metrics';
export * from './webhook';
export * from './webhook-parse';
