/** Jest global setup of the integration project: one local control plane per run (see test-cluster.ts). */
import { startTestCluster } from './test-cluster';

export default async function globalSetup(): Promise<void> {
  await startTestCluster();
}
