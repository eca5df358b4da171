/**
 * A bucket need on gcp: a Cloud Storage bucket (uniform access, public access prevented), object
 * read/write for the environment's service account on this bucket only.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { gcpNames } from '../../manifests/infra-names';
import type { BucketNeedSpec, GcpTargetSpec, InfraDescription } from '../../model';
import { connectionSecret, type KubeContext } from '../kube';
import type { GcpIdentity } from './identity';
import { gcpLabels } from './labels';

export class GcpBucket extends pulumi.ComponentResource {
  constructor(
    d: InfraDescription & { target: GcpTargetSpec },
    kube: KubeContext,
    provider: gcp.Provider,
    identity: GcpIdentity,
    need: BucketNeedSpec,
  ) {
    super('ferry:gcp:Bucket', need.name, {}, {});
    const { project, region, database } = d.target;
    const opts = { provider, parent: this };
    const bucket = new gcp.storage.Bucket(
      need.name,
      {
        project,
        name: gcpNames(d, need).bucket,
        location: region.toUpperCase(),
        uniformBucketLevelAccess: true,
        publicAccessPrevention: 'enforced',
        versioning: { enabled: need.versioned },
        forceDestroy: !database.deletionProtection,
        labels: gcpLabels(d, need),
      },
      { ...opts, protect: database.deletionProtection },
    );
    new gcp.storage.BucketIAMMember(
      `${need.name}-objects`,
      { bucket: bucket.name, role: 'roles/storage.objectUser', member: identity.member },
      opts,
    );
    connectionSecret(
      d,
      kube,
      need,
      {
        url: pulumi.interpolate`gs://${bucket.name}`,
        bucket: bucket.name,
        endpoint: 'https://storage.googleapis.com',
      },
      this,
    );
    this.registerOutputs({});
  }
}
