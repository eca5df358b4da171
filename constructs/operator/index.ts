export type { CelRule, OpenApiSchema } from './openapi';
export { DURATION_PATTERN, REVISION_PATTERN, isDuration } from './openapi';
export * from './environment-schema';
export * from './environment-crd';
