export * from './clusters';
export * from './controller';
export * from './credentials';
export * from './environment';
export * from './ownership';
export * from './queue';
export * from './reconciler';
export * from './report';
