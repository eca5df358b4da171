/**
 * A Postgres need on gcp: a Cloud SQL instance (private IP only, TLS required) with one database and
 * one user, sized by the environment (tier, HA, deletion protection, backups). The service account
 * may connect through the Cloud SQL connector to this instance only (an IAM condition).
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { DATABASE_USER, gcpNames } from '../../manifests/infra-names';
import type { GcpTargetSpec, InfraDescription, PostgresNeedSpec } from '../../model';
import { GeneratedSecret } from '../generated-secret';
import { connectionSecret, type KubeContext } from '../kube';
import type { GcpIdentity } from './identity';
import { gcpLabels } from './labels';

export class GcpPostgres extends pulumi.ComponentResource {
  constructor(
    d: InfraDescription & { target: GcpTargetSpec },
    kube: KubeContext,
    provider: gcp.Provider,
    identity: GcpIdentity,
    need: PostgresNeedSpec,
  ) {
    super('ferry:gcp:Postgres', need.name, {}, {});
    const { project, region, network, database: size } = d.target;
    const names = gcpNames(d, need);
    const opts = { provider, parent: this };
    const instance = new gcp.sql.DatabaseInstance(
      need.name,
      {
        project,
        region,
        name: names.instance,
        databaseVersion: `POSTGRES_${need.version}`,
        deletionProtection: size.deletionProtection,
        settings: {
          edition: 'ENTERPRISE',
          tier: size.tier,
          availabilityType: size.highAvailability ? 'REGIONAL' : 'ZONAL',
          diskType: 'PD_SSD',
          diskSize: need.storageGiB,
          diskAutoresize: true,
          deletionProtectionEnabled: size.deletionProtection,
          backupConfiguration: { enabled: size.backups, pointInTimeRecoveryEnabled: size.backups },
          ipConfiguration: { ipv4Enabled: false, privateNetwork: network, sslMode: 'ENCRYPTED_ONLY' },
          userLabels: gcpLabels(d, need),
        },
      },
      { ...opts, protect: size.deletionProtection },
    );
    const db = new gcp.sql.Database(
      need.name,
      { project, instance: instance.name, name: names.database },
      { ...opts, protect: size.deletionProtection },
    );
    const password = new GeneratedSecret(`${need.name}-password`, {}, { parent: this });
    const user = new gcp.sql.User(
      need.name,
      { project, instance: instance.name, name: DATABASE_USER, password: password.secret },
      opts,
    );
    new gcp.projects.IAMMember(
      `${need.name}-client`,
      {
        project,
        role: 'roles/cloudsql.client',
        member: identity.member,
        condition: {
          title: `${names.instance} only`,
          expression: `resource.name == "projects/${project}/instances/${names.instance}"`,
        },
      },
      opts,
    );
    const host = instance.privateIpAddress;
    connectionSecret(
      d,
      kube,
      need,
      {
        url: pulumi.interpolate`postgresql://${user.name}:${password.secret}@${host}:5432/${db.name}?sslmode=require`,
        host,
        port: '5432',
        database: db.name,
        username: user.name,
        password: password.secret,
      },
      this,
    );
    this.registerOutputs({});
  }
}
