/**
 * The infra description synth writes (`<env>/infra/stack.json`) and the checks it shares with the
 * operator: bad input names environment, component and field, every problem at once, and the
 * environment gets no folder.
 */
import { k8s } from 'cdk8s-plus-28';
import { Image, InfraNeeds, InfraTarget, Worker, type EnvironmentChart } from '../../../constructs';
import { synthEnvironment } from '../../../constructs/synth';
import { infraHash } from '../../../operator/infra/hash';
import { parseInfraDescription } from '../../../operator/manifests/infra';
import type { InfraDescription } from '../../../operator/model';
import { TestEnv } from '../constructs/helpers';

const image = Image.of('ghcr.io/acme/app', '1.0.0');

class TargetEnv extends TestEnv {
  constructor(
    fn: (chart: EnvironmentChart) => void,
    private readonly target: () => InfraTarget,
  ) {
    super(fn);
  }

  override infraTarget(): InfraTarget {
    return this.target();
  }
}

function issues(
  fn: (chart: EnvironmentChart) => void,
  target: () => InfraTarget = () => InfraTarget.local(),
): string[] {
  const out = synthEnvironment(new TargetEnv(fn, target), null);
  if (out.issues.length) expect(out.files).toEqual([]); // nothing half-written
  return out.issues.map(
    (i) => `[${i.component ? `${i.env}/${i.component}` : i.env}] ${i.field}: ${i.problem}`,
  );
}

function description(fn: (chart: EnvironmentChart) => void, target: () => InfraTarget): InfraDescription {
  const out = synthEnvironment(new TargetEnv(fn, target), null);
  expect(out.issues).toEqual([]);
  return JSON.parse(out.files.find(([p]) => p === 'infra/stack.json')![1]) as InfraDescription;
}

describe('infra description', () => {
  it('holds project, stack, namespace, the resolved target and the needs, and no secret', () => {
    const d = description(
      (c) => new Worker(c, 'api', { image, needs: [InfraNeeds.postgres('api-db', { version: '15' })] }),
      () => InfraTarget.gcp({ project: 'acme-test-1' }),
    );
    expect(d).toEqual({
      schemaVersion: 1,
      environment: 'test',
      project: 'test',
      stack: 'test',
      namespace: 'ns-test',
      platform: 'test',
      target: {
        kind: 'gcp',
        project: 'acme-test-1',
        region: 'europe-west1',
        network: 'projects/acme-test-1/global/networks/default',
        database: { tier: 'db-f1-micro', highAvailability: false, deletionProtection: false, backups: false },
      },
      needs: [{ component: 'api', name: 'api-db', kind: 'postgres', version: '15', storageGiB: 10 }],
    });
    expect(JSON.stringify(d)).not.toMatch(/password|token|secret/i);
  });

  it('reads back what synth wrote, unchanged', () => {
    const out = synthEnvironment(
      new TargetEnv(
        (c) => new Worker(c, 'w', { image, needs: [InfraNeeds.queue('q')] }),
        () => InfraTarget.local(),
      ),
      null,
    );
    const text = out.files.find(([p]) => p === 'infra/stack.json')![1];
    const parsed = parseInfraDescription(text);
    expect(parsed.problems).toEqual([]);
    expect(`${JSON.stringify(parsed.description, null, 2)}\n`).toBe(text);
  });

  it('rejects an unknown target', () => {
    const aws = () => ({ kind: 'aws', toSpec: () => ({ kind: 'aws' }) }) as unknown as InfraTarget;
    expect(issues(() => undefined, aws)).toEqual([
      '[test] infra.target.kind: unknown target "aws"; use one of local, gcp',
    ]);
    expect(
      issues(
        () => undefined,
        () => 'local' as unknown as InfraTarget,
      ),
    ).toEqual([
      '[test] infra.target: infraTarget() must return InfraTarget.local(...) or InfraTarget.gcp(...)',
    ]);
  });

  it('rejects gcp without its required configuration', () => {
    expect(
      issues(
        () => undefined,
        () => InfraTarget.gcp({ project: '', region: 'Europe West' }),
      ),
    ).toEqual([
      '[test] infra.target.project: is required (the Google Cloud project id, e.g. acme-shop-prod)',
      '[test] infra.target.region: "Europe West" is not valid: a Google Cloud region, e.g. europe-west1',
    ]);
  });

  it('rejects need names that are not DNS labels, and duplicates across kinds, naming the component', () => {
    expect(
      issues((c) => {
        new Worker(c, 'api', {
          image,
          needs: [InfraNeeds.postgres('Orders_DB'), InfraNeeds.bucket('files')],
        });
        new Worker(c, 'worker', { image, needs: [InfraNeeds.queue('files')] });
      }),
    ).toEqual([
      '[test/api] infra.needs[Orders_DB].name: "Orders_DB" must be a DNS label (lowercase letters, digits and -, at most 63): it names the connection Secret',
      '[test/worker] infra.needs[files]: the name is declared twice (bucket by api, queue by worker); need names are Secret names and must be unique in the environment',
    ]);
  });

  it('rejects values out of range and names too long for the target', () => {
    expect(
      issues(
        (c) =>
          new Worker(c, 'api', {
            image,
            needs: [
              InfraNeeds.postgres('db', { version: '9', storageGiB: 5 }),
              InfraNeeds.queue('jobs', { visibilityTimeoutSeconds: 3600 }),
              InfraNeeds.bucket(`b${'x'.repeat(50)}`),
            ],
          }),
        () => InfraTarget.gcp({ project: 'acme-test-1' }),
      ),
    ).toEqual([
      '[test/api] infra.needs[db].version: "9" is not supported; use one of 13, 14, 15, 16, 17',
      '[test/api] infra.needs[jobs].visibilityTimeoutSeconds: 3600 must be a whole number from 10 to 600',
      "[test/api] infra.needs[db].storageGiB: 5 is below Cloud SQL's minimum of 10",
      `[test/api] infra.needs[b${'x'.repeat(50)}].name: bucket name "acme-test-1-test-b${'x'.repeat(50)}" is longer than 63; shorten the need name`,
    ]);
  });

  it('refuses a manifest Secret named like a need (the stack creates that Secret)', () => {
    expect(
      issues((c) => {
        new Worker(c, 'api', { image, needs: [InfraNeeds.postgres('api-db')] });
        new k8s.KubeSecret(c, 'clash', { metadata: { name: 'api-db' } });
      }),
    ).toEqual([
      '[test] Secret/api-db: is also the connection Secret of the postgres need of api, which the infra stack creates; rename one',
    ]);
  });

  it('refuses a description from a newer Ferry, and one with problems, naming the file', () => {
    expect(parseInfraDescription('{"schemaVersion": 2}').problems).toEqual([
      {
        file: 'infra/stack.json',
        message: 'infra.schemaVersion: 2 is not supported; this Ferry reads 1: upgrade Ferry (the operator)',
      },
    ]);
    const bad = {
      schemaVersion: 1,
      environment: 'dev',
      project: 'p',
      stack: 'dev',
      namespace: 'ns',
      platform: 'p',
      target: { kind: 'local', storage: 'disk', storageClass: null, images: {} },
      needs: [{ component: 'api', name: 'db', kind: 'mysql' }],
    };
    expect(
      parseInfraDescription(JSON.stringify(bad)).problems.map((p) => `${p.object ?? ''}|${p.message}`),
    ).toEqual([
      '|infra.target.storage: "disk" must be "persistent" or "ephemeral"',
      '|infra.target.images.postgres: is required (an image reference)',
      '|infra.target.images.bucket: is required (an image reference)',
      '|infra.target.images.queue: is required (an image reference)',
      '|infra.target.images.init: is required (an image reference)',
      'component api|infra.needs[db].kind: unknown kind "mysql"; use one of postgres, bucket, queue',
    ]);
  });
});

describe('infraHash', () => {
  const d = description(
    (c) => new Worker(c, 'w', { image, needs: [InfraNeeds.queue('q')] }),
    () => InfraTarget.local(),
  );

  it('does not depend on key order or formatting', () => {
    const { needs, target, ...rest } = d;
    const reordered = JSON.parse(JSON.stringify({ needs, target, ...rest })) as InfraDescription;
    expect(Object.keys(reordered)[0]).toBe('needs');
    expect(infraHash(reordered)).toBe(infraHash(d));
    expect(infraHash(d)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes with anything that changes the stack', () => {
    const longer = { ...d, needs: [{ ...d.needs[0]!, visibilityTimeoutSeconds: 60 }] } as InfraDescription;
    expect(infraHash(longer)).not.toBe(infraHash(d));
    expect(infraHash({ ...d, namespace: 'other' })).not.toBe(infraHash(d));
  });
});
