export * from './cluster';
export {
  BUILD_HINT,
  toolchain,
  toolsCacheDir,
  assertBinaries,
  pulumiBinaries,
  controlPlaneBinaries,
} from './toolchain';
export type { Toolchain, ToolVersions } from './toolchain';
export { defaultStateRoot } from './state';
export type { ClusterPorts, ClusterRecord } from './state';
