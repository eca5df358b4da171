/**
 * The pulumi adapter: the only place that starts pulumi processes (Automation API) and child
 * processes for them, reads a file backend's locks, and maps engine events.
 */
export * from './child';
export * from './events';
export * from './locks';
export * from './operation-lock';
export * from './processes';
export * from './workspace';
