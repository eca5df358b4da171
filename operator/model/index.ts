/** Types shared by every operator layer (and a few tiny pure helpers on them). No I/O. */
export * from './annotations';
export * from './desired';
export * from './environment';
export * from './errors';
export * from './events';
export * from './health';
export * from './infra';
export * from './infra-step';
export * from './infra-record';
export * from './object';
export * from './operation';
export * from './plan';
export * from './redact';
export * from './ref';
export * from './result';
export * from './environment-resource';
