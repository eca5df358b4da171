/**
 * A queue need on the local target: the Pub/Sub emulator with the need's topic and subscription
 * (created when the server starts, since the emulator keeps them in memory). The app uses the
 * Pub/Sub client as on gcp, pointed at `endpoint` (PUBSUB_EMULATOR_HOST).
 */
import * as pulumi from '@pulumi/pulumi';
import { gcpNames, localServerName } from '../../manifests/infra-names';
import type { InfraDescription, LocalTargetSpec, QueueNeedSpec } from '../../model';
import { connectionSecret, type KubeContext } from '../kube';
import { RESTRICTED, SERVER_RESOURCES, inClusterHost, localServer } from './server';

const PORT = 8085;

/** The emulator's project id (any id works; this one names the environment). */
export function emulatorProject(d: InfraDescription): string {
  return `local-${d.environment}`;
}

export class LocalQueue extends pulumi.ComponentResource {
  constructor(d: InfraDescription & { target: LocalTargetSpec }, kube: KubeContext, need: QueueNeedSpec) {
    super('ferry:local:Queue', need.name, {}, {});
    const server = localServerName(need);
    const host = inClusterHost(d, server);
    const project = emulatorProject(d);
    const { topic, subscription } = gcpNames(d, need);
    const api = `http://localhost:${PORT}/v1/projects/${project}`;
    const body = JSON.stringify({
      topic: `projects/${project}/topics/${topic}`,
      ackDeadlineSeconds: need.visibilityTimeoutSeconds,
    });
    const create = [
      `for i in $(seq 1 120); do curl -sf http://localhost:${PORT}/ >/dev/null && break; sleep 1; done`,
      `curl -s -X PUT ${api}/topics/${topic}`,
      `curl -s -X PUT -H 'Content-Type: application/json' -d '${body}' ${api}/subscriptions/${subscription}`,
    ].join('; ');
    connectionSecret(
      d,
      kube,
      need,
      {
        url: `http://${host}:${PORT}/v1/projects/${project}/topics/${topic}`,
        project,
        topic,
        subscription,
        endpoint: `${host}:${PORT}`,
      },
      this,
    );
    localServer(
      d,
      kube,
      {
        name: server,
        port: PORT,
        storageGiB: 1,
        runAsUser: 1000,
        container: {
          name: 'pubsub',
          image: d.target.images.queue,
          command: ['gcloud', 'beta', 'emulators', 'pubsub', 'start'],
          args: [`--host-port=0.0.0.0:${PORT}`, `--project=${project}`, '--data-dir=/data'],
          env: [{ name: 'HOME', value: '/data' }],
          ports: [{ name: 'pubsub', containerPort: PORT }],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
          lifecycle: { postStart: { exec: { command: ['sh', '-c', create] } } },
          readinessProbe: { tcpSocket: { port: PORT }, periodSeconds: 5 },
          resources: SERVER_RESOURCES,
          securityContext: RESTRICTED,
        },
      },
      this,
    );
    this.registerOutputs({});
  }
}
