export * from './env';
export * from './kubectl';
export * from './namespace';
export * from './wait';
export * from './pulumi';
export * from './fault-proxy';
export * from './operator';
export * from './infra';
