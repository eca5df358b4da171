/**
 * The gcp target's graph per environment, through Pulumi's mocks: which resources, with which
 * names and sizes, which IAM grants, what is protected, and which values are secret. The example
 * platform runs production on gcp; dev, staging and the preview are rendered on gcp as well (the
 * same classes with a gcp target) to show how sizing follows the environment.
 */
import { InfraTarget, type Environment } from '../../../constructs';
import { infraDescriptionOf } from '../../../constructs/synth';
import { Dev, Preview, Production, Staging } from '../../../environments';
import type { InfraDescription } from '../../../operator/model';
import { mockStack, type MockResource } from './mock-stack';

// The example's dev, staging and preview classes moved to gcp: only their infra target changes.
const testProject = () => InfraTarget.gcp({ project: 'acme-shop-test' });
class DevOnGcp extends Dev {
  override infraTarget(): InfraTarget {
    return testProject();
  }
}
class StagingOnGcp extends Staging {
  override infraTarget(): InfraTarget {
    return testProject();
  }
}
class PreviewOnGcp extends Preview {
  override infraTarget(): InfraTarget {
    return testProject();
  }
}

const environments: Record<string, () => Environment> = {
  dev: () => new DevOnGcp(),
  staging: () => new StagingOnGcp(),
  production: () => new Production(),
  preview: () => new PreviewOnGcp('feature/login'),
};

const graphs = new Map<string, { d: InfraDescription; resources: MockResource[] }>();
async function graphOf(env: string) {
  let g = graphs.get(env);
  if (!g) {
    const d = infraDescriptionOf(environments[env]!());
    g = { d, resources: await mockStack(d) };
    graphs.set(env, g);
  }
  return g;
}
const ofType = (rs: readonly MockResource[], type: string) => rs.filter((r) => r.type === type);
const one = (rs: readonly MockResource[], type: string, name?: string) => {
  const found = ofType(rs, type).filter((r) => name === undefined || r.name === name);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('gcp target graph', () => {
  it('production: the resources of each need, named deterministically', async () => {
    const { resources } = await graphOf('production');
    const custom = resources
      .filter((r) => !r.type.startsWith('ferry:') && r.type !== 'pulumi:pulumi:Stack')
      .map((r) => `${r.type} ${r.name}`)
      .sort();
    expect(custom).toEqual(
      [
        'gcp:projects/iAMMember:IAMMember public-api-db-client',
        'gcp:pubsub/subscription:Subscription orders-queue',
        'gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember orders-queue-subscriber',
        'gcp:pubsub/topic:Topic orders-queue',
        'gcp:pubsub/topicIAMMember:TopicIAMMember orders-queue-publisher',
        'gcp:serviceaccount/account:Account app',
        'gcp:serviceaccount/iAMMember:IAMMember workload-identity-frontend',
        'gcp:serviceaccount/iAMMember:IAMMember workload-identity-public-api',
        'gcp:serviceaccount/iAMMember:IAMMember workload-identity-worker',
        'gcp:sql/database:Database public-api-db',
        'gcp:sql/databaseInstance:DatabaseInstance public-api-db',
        'gcp:sql/user:User public-api-db',
        'gcp:storage/bucket:Bucket frontend-assets',
        'gcp:storage/bucketIAMMember:BucketIAMMember frontend-assets-objects',
        'kubernetes:core/v1:Namespace namespace',
        'kubernetes:core/v1:Secret frontend-assets-connection',
        'kubernetes:core/v1:Secret orders-queue-connection',
        'kubernetes:core/v1:Secret public-api-db-connection',
        'pulumi-nodejs:dynamic/ferry:GeneratedSecret public-api-db-password',
        'pulumi:providers:gcp gcp',
        'pulumi:providers:kubernetes kubernetes',
      ].sort(),
    );
    const instance = one(resources, 'gcp:sql/databaseInstance:DatabaseInstance');
    expect(instance.inputs).toMatchObject({
      project: 'acme-shop-prod',
      region: 'europe-west1',
      name: 'production-public-api-db',
      databaseVersion: 'POSTGRES_16',
    });
    expect(one(resources, 'gcp:storage/bucket:Bucket').inputs).toMatchObject({
      name: 'acme-shop-prod-production-frontend-assets',
      location: 'EUROPE-WEST1',
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
    });
    expect(one(resources, 'gcp:pubsub/topic:Topic').inputs).toMatchObject({
      name: 'production-orders-queue',
    });
    expect(one(resources, 'gcp:pubsub/subscription:Subscription').inputs).toMatchObject({
      name: 'production-orders-queue',
      ackDeadlineSeconds: 120,
    });
    expect(one(resources, 'gcp:serviceaccount/account:Account').inputs).toMatchObject({
      accountId: 'production-app',
    });
    // Every Kubernetes object lands in the environment's namespace under the need's name.
    const secrets = ofType(resources, 'kubernetes:core/v1:Secret').map((s) => s.inputs.metadata);
    expect(secrets).toEqual(
      ['frontend-assets', 'orders-queue', 'public-api-db'].map((name) =>
        expect.objectContaining({ name, namespace: 'shop' }),
      ),
    );
  });

  it.each([
    ['dev', 'db-f1-micro', 10, false],
    ['preview', 'db-f1-micro', 10, false],
    ['staging', 'db-custom-1-3840', 10, true],
    ['production', 'db-custom-4-15360', 100, true],
  ])('%s: tier %s, %i GiB, backups %s', async (env, tier, disk, backups) => {
    const { resources } = await graphOf(env);
    const settings = one(resources, 'gcp:sql/databaseInstance:DatabaseInstance').inputs.settings as Record<
      string,
      unknown
    >;
    expect(settings).toMatchObject({
      tier,
      diskSize: disk,
      backupConfiguration: { enabled: backups, pointInTimeRecoveryEnabled: backups },
      ipConfiguration: { ipv4Enabled: false, sslMode: 'ENCRYPTED_ONLY' },
    });
  });

  it('HA and deletion protection only in production', async () => {
    for (const env of ['dev', 'preview', 'staging', 'production']) {
      const { resources } = await graphOf(env);
      const prod = env === 'production';
      const instance = one(resources, 'gcp:sql/databaseInstance:DatabaseInstance');
      const settings = instance.inputs.settings as Record<string, unknown>;
      expect([env, settings.availabilityType]).toEqual([env, prod ? 'REGIONAL' : 'ZONAL']);
      expect([env, instance.inputs.deletionProtection, settings.deletionProtectionEnabled]).toEqual([
        env,
        prod,
        prod,
      ]);
      const protectedOnes = resources
        .filter((r) => r.protect)
        .map((r) => `${r.type} ${r.name}`)
        .sort();
      expect([env, protectedOnes]).toEqual([
        env,
        prod
          ? [
              'gcp:sql/database:Database public-api-db',
              'gcp:sql/databaseInstance:DatabaseInstance public-api-db',
              'gcp:storage/bucket:Bucket frontend-assets',
            ]
          : [],
      ]);
      expect([env, one(resources, 'gcp:storage/bucket:Bucket').inputs.forceDestroy]).toEqual([env, !prod]);
    }
  });

  it('grants least privilege: per-resource roles, one conditioned project grant, no admin roles', async () => {
    const { resources } = await graphOf('production');
    const grants = resources
      .filter((r) => /IAMMember$/.test(r.type))
      .map((r) => ({ type: r.type.split(':')[1], role: r.inputs.role, member: r.inputs.member }));
    const sa = 'serviceAccount:production-app@acme-shop-prod.iam.gserviceaccount.com';
    expect(grants).toEqual(
      expect.arrayContaining([
        { type: 'storage/bucketIAMMember', role: 'roles/storage.objectUser', member: sa },
        { type: 'pubsub/topicIAMMember', role: 'roles/pubsub.publisher', member: sa },
        { type: 'pubsub/subscriptionIAMMember', role: 'roles/pubsub.subscriber', member: sa },
        { type: 'projects/iAMMember', role: 'roles/cloudsql.client', member: sa },
        {
          type: 'serviceaccount/iAMMember',
          role: 'roles/iam.workloadIdentityUser',
          member: 'serviceAccount:acme-shop-prod.svc.id.goog[shop/public-api]',
        },
      ]),
    );
    expect(grants).toHaveLength(7);
    expect(grants.map((g) => g.role)).not.toContainEqual(expect.stringMatching(/admin|owner|editor/i));
    const project = one(resources, 'gcp:projects/iAMMember:IAMMember');
    expect(project.inputs.condition).toEqual({
      title: 'production-public-api-db only',
      expression: 'resource.name == "projects/acme-shop-prod/instances/production-public-api-db"',
    });
    // Every grant is bound to one resource of this environment.
    expect(one(resources, 'gcp:storage/bucketIAMMember:BucketIAMMember').inputs.bucket).toBe(
      'acme-shop-prod-production-frontend-assets',
    );
  });

  it('marks credentials secret and generates them once (state, not code)', async () => {
    const { resources } = await graphOf('production');
    const generated = one(resources, 'pulumi-nodejs:dynamic/ferry:GeneratedSecret');
    expect(generated.additionalSecretOutputs).toEqual(['value']);
    expect(one(resources, 'gcp:sql/user:User').secretInputs).toEqual(['password']);
    for (const s of ofType(resources, 'kubernetes:core/v1:Secret')) {
      expect([s.name, s.secretInputs]).toEqual([s.name, ['stringData']]);
    }
    const db = one(resources, 'kubernetes:core/v1:Secret', 'public-api-db-connection');
    expect(db.inputs.stringData).toEqual({
      url: 'postgresql://app:generated-by-mock@10.20.0.3:5432/public_api_db?sslmode=require',
      host: '10.20.0.3',
      port: '5432',
      database: 'public_api_db',
      username: 'app',
      password: 'generated-by-mock',
    });
  });

  it('builds the same graph twice (no random names)', async () => {
    const first = (await graphOf('staging')).resources;
    const again = await mockStack(infraDescriptionOf(environments.staging!()));
    const shape = (rs: readonly MockResource[]) =>
      rs.map((r) => [r.type, r.name, JSON.stringify(r.inputs)]).sort();
    expect(shape(again)).toEqual(shape(first));
  });
});
