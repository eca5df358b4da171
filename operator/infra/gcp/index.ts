/**
 * The gcp target: Cloud SQL, Cloud Storage and Pub/Sub in the environment's project, one service
 * account with least-privilege grants, and the connection Secrets in the cluster. Loaded only when
 * an environment uses it (the @pulumi/gcp SDK is large).
 */
import * as gcp from '@pulumi/gcp';
import type * as pulumi from '@pulumi/pulumi';
import type { GcpTargetSpec, InfraDescription } from '../../model';
import type { KubeContext } from '../kube';
import { GcpBucket } from './bucket';
import { GcpIdentity } from './identity';
import { GcpPostgres } from './postgres';
import { GcpQueue } from './queue';

export function buildGcp(
  d: InfraDescription & { target: GcpTargetSpec },
  kube: KubeContext,
  providerVersion: string | undefined,
): { serviceAccount: pulumi.Output<string> } {
  const provider = new gcp.Provider(
    'gcp',
    { project: d.target.project, region: d.target.region },
    providerVersion ? { version: providerVersion } : {},
  );
  const identity = new GcpIdentity(d, provider);
  for (const need of d.needs) {
    switch (need.kind) {
      case 'postgres':
        new GcpPostgres(d, kube, provider, identity, need);
        break;
      case 'bucket':
        new GcpBucket(d, kube, provider, identity, need);
        break;
      case 'queue':
        new GcpQueue(d, kube, provider, identity, need);
        break;
    }
  }
  return { serviceAccount: identity.email };
}
