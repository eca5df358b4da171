/** A Postgres need on the local target: the official image in a StatefulSet, one database, one user. */
import * as pulumi from '@pulumi/pulumi';
import { DATABASE_USER, localServerName } from '../../manifests/infra-names';
import type { InfraDescription, LocalTargetSpec, PostgresNeedSpec } from '../../model';
import { GeneratedSecret } from '../generated-secret';
import { connectionSecret, type KubeContext } from '../kube';
import { RESTRICTED, SERVER_RESOURCES, inClusterHost, localServer } from './server';

const PORT = 5432;

export class LocalPostgres extends pulumi.ComponentResource {
  constructor(d: InfraDescription & { target: LocalTargetSpec }, kube: KubeContext, need: PostgresNeedSpec) {
    super('ferry:local:Postgres', need.name, {}, {});
    const server = localServerName(need);
    const database = need.name.replace(/-/g, '_');
    const user = DATABASE_USER;
    const password = new GeneratedSecret(`${need.name}-password`, {}, { parent: this });
    const host = inClusterHost(d, server);
    const secret = connectionSecret(
      d,
      kube,
      need,
      {
        url: pulumi.interpolate`postgresql://${user}:${password.secret}@${host}:${PORT}/${database}`,
        host,
        port: String(PORT),
        database,
        username: user,
        password: password.secret,
      },
      this,
    );
    localServer(
      d,
      kube,
      {
        name: server,
        port: PORT,
        storageGiB: need.storageGiB,
        runAsUser: 999, // the image's postgres user
        container: {
          name: 'postgres',
          image: `${d.target.images.postgres}:${need.version}`,
          ports: [{ name: 'postgres', containerPort: PORT }],
          env: [
            { name: 'POSTGRES_DB', value: database },
            { name: 'POSTGRES_USER', value: user },
            {
              name: 'POSTGRES_PASSWORD',
              valueFrom: { secretKeyRef: { name: secret.metadata.name, key: 'password' } },
            },
            { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
          ],
          volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
          readinessProbe: {
            exec: { command: ['pg_isready', '-U', user, '-d', database] },
            periodSeconds: 5,
          },
          resources: SERVER_RESOURCES,
          securityContext: RESTRICTED,
        },
      },
      this,
    );
    this.registerOutputs({});
  }
}
