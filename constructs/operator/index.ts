export type { CelRule, OpenApiSchema } from './openapi';
export { DURATION_PATTERN, REVISION_PATTERN, isDuration } from './openapi';
export * from './environment-schema';
export * from './environment-crd';
export * from './footprint';
export * from './resource-names';
export * from './operator-rbac';
export * from './operator-workload';
export * from './platform-source';
export * from './environment-object';
export * from './ferry-system';
export type {
  DeletionPolicy,
  EnvironmentInfraSpec,
  EnvironmentResourceDestination,
  EnvironmentResourceSpec,
  EnvironmentSource,
  EnvironmentSyncPolicySpec,
} from '../../operator/model/environment-resource';
