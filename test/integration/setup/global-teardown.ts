/** Jest global teardown of the integration project: stops the run's control plane (see test-cluster.ts). */
import { stopTestCluster } from './test-cluster';

export default async function globalTeardown(): Promise<void> {
  await stopTestCluster();
}
