/**
 * A bucket need on the local target: fake-gcs-server, which speaks the Cloud Storage JSON API, so
 * the app uses the same client as on gcp (pointed at `endpoint`, e.g. STORAGE_EMULATOR_HOST).
 */
import * as pulumi from '@pulumi/pulumi';
import { localServerName } from '../../manifests/infra-names';
import type { BucketNeedSpec, InfraDescription, LocalTargetSpec } from '../../model';
import { connectionSecret, type KubeContext } from '../kube';
import { RESTRICTED, SERVER_RESOURCES, inClusterHost, localServer } from './server';

const PORT = 4443;
const ROOT = '/storage';

export class LocalBucket extends pulumi.ComponentResource {
  constructor(d: InfraDescription & { target: LocalTargetSpec }, kube: KubeContext, need: BucketNeedSpec) {
    super('ferry:local:Bucket', need.name, {}, {});
    const server = localServerName(need);
    const host = inClusterHost(d, server);
    const endpoint = `http://${host}:${PORT}`;
    connectionSecret(d, kube, need, { url: `gs://${need.name}`, bucket: need.name, endpoint }, this);
    const mount = [{ name: 'data', mountPath: ROOT }];
    localServer(
      d,
      kube,
      {
        name: server,
        port: PORT,
        storageGiB: 1,
        runAsUser: 65534,
        // The filesystem backend serves each folder under its root as a bucket.
        initContainers: [
          {
            name: 'create-bucket',
            image: d.target.images.init,
            command: ['mkdir', '-p', `${ROOT}/${need.name}`],
            volumeMounts: mount,
            resources: SERVER_RESOURCES,
            securityContext: RESTRICTED,
          },
        ],
        container: {
          name: 'gcs',
          image: d.target.images.bucket,
          args: [
            '-scheme=http',
            `-port=${PORT}`,
            '-backend=filesystem',
            `-filesystem-root=${ROOT}`,
            `-public-host=${host}:${PORT}`,
            `-external-url=${endpoint}`,
          ],
          ports: [{ name: 'gcs', containerPort: PORT }],
          volumeMounts: mount,
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
