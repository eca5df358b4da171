/**
 * A queue need on gcp: a Pub/Sub topic and one subscription (ack deadline = the need's visibility
 * timeout); the service account may publish to this topic and consume this subscription only.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { gcpNames } from '../../manifests/infra-names';
import type { GcpTargetSpec, InfraDescription, QueueNeedSpec } from '../../model';
import { connectionSecret, type KubeContext } from '../kube';
import type { GcpIdentity } from './identity';
import { gcpLabels } from './labels';

export class GcpQueue extends pulumi.ComponentResource {
  constructor(
    d: InfraDescription & { target: GcpTargetSpec },
    kube: KubeContext,
    provider: gcp.Provider,
    identity: GcpIdentity,
    need: QueueNeedSpec,
  ) {
    super('ferry:gcp:Queue', need.name, {}, {});
    const { project } = d.target;
    const names = gcpNames(d, need);
    const opts = { provider, parent: this };
    const labels = gcpLabels(d, need);
    const topic = new gcp.pubsub.Topic(need.name, { project, name: names.topic, labels }, opts);
    const subscription = new gcp.pubsub.Subscription(
      need.name,
      {
        project,
        name: names.subscription,
        topic: topic.id,
        ackDeadlineSeconds: need.visibilityTimeoutSeconds,
        messageRetentionDuration: '604800s',
        expirationPolicy: { ttl: '' },
        labels,
      },
      opts,
    );
    new gcp.pubsub.TopicIAMMember(
      `${need.name}-publisher`,
      { project, topic: topic.name, role: 'roles/pubsub.publisher', member: identity.member },
      opts,
    );
    new gcp.pubsub.SubscriptionIAMMember(
      `${need.name}-subscriber`,
      { project, subscription: subscription.name, role: 'roles/pubsub.subscriber', member: identity.member },
      opts,
    );
    connectionSecret(
      d,
      kube,
      need,
      {
        url: pulumi.interpolate`https://pubsub.googleapis.com/v1/projects/${project}/topics/${topic.name}`,
        project,
        topic: topic.name,
        subscription: subscription.name,
        endpoint: 'pubsub.googleapis.com:443',
      },
      this,
    );
    this.registerOutputs({});
  }
}
