export * from './apply';
export * from './compare';
export * from './live';
export * from './wait';
export * from './wave';
