export * from './fold';
export * from './metrics';
export * from './notify';
export * from './notify-events';
export * from './tee';
export * from './writer';
