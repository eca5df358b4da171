/**
 * Mistakes that used to synthesise silently (issue "Authoring that is safe by construction"):
 * each one is now an error naming environment, component and field.
 */
import {
  ConfigBundle,
  EnvVar,
  Image,
  Probe,
  WebService,
  Worker,
  type EnvironmentChart,
} from '../../../constructs';
import { issuesOf, synth, find, loose } from '../constructs/helpers';

const image = Image.of('ghcr.io/acme/app', '1.0.0');
const versions: Record<string, string> = { api: '1.0.0' };

describe('values that never arrived', () => {
  it('an image tag missing from the versions fails, naming the component and field', () => {
    const issues = issuesOf((c) => {
      new Worker(c, 'mailer', { image: Image.of('ghcr.io/acme/mailer', versions.mailer as string) });
    });
    expect(issues).toEqual([
      '[test/mailer] image.tag: is undefined; pin a tag for this environment (is the component missing from its versions?)',
    ]);
  });

  it('an env value that came out undefined fails', () => {
    const settings = {} as { logLevel: string };
    expect(
      issuesOf((c) => new Worker(c, 'w', { image, env: { LOG_LEVEL: EnvVar.value(settings.logLevel) } })),
    ).toEqual(['[test/w] env.LOG_LEVEL: value is undefined; a setting missing for this environment?']);
  });

  it('a string built from undefined anywhere in a manifest fails and cannot be relaxed', () => {
    const domain = undefined as unknown as string;
    const issues = issuesOf(
      (c) =>
        new WebService(c, 'api', {
          image,
          readiness: Probe.http('/'),
          ingress: { hosts: [`api.${domain}.example.com`] },
        }),
      { relaxations: ['empty-value'] },
    );
    expect(issues).toEqual([
      '[test/api] Ingress/api spec.rules[0].host: "api.undefined.example.com" contains "undefined": a value was missing when this was built (a tag or setting not defined for this environment?)',
    ]);
  });

  it('an empty env value fails unless relaxed', () => {
    const fn = (c: EnvironmentChart) => new Worker(c, 'w', { image, env: { FLAG: EnvVar.value('') } });
    expect(issuesOf(fn)).toEqual([
      '[test/w] Deployment/w spec.template.spec.containers[w].env[FLAG].value: is empty; give it a value or leave it out (or relax the check "empty-value")',
    ]);
    expect(issuesOf(fn, { relaxations: ['empty-value'] })).toEqual([]);
  });
});

describe('plaintext secrets', () => {
  const relaxHint = 'or relax the check "plaintext-secret" on the component with a reason';
  const fix = 'reference a Secret with EnvVar.fromSecret(secret, key) instead';

  it('fail by name and by value, without echoing the value', () => {
    const issues = issuesOf(
      (c) =>
        new Worker(c, 'payments', {
          image,
          env: {
            DB_PASSWORD: EnvVar.value('hunter2'),
            STRIPE_SECRET_KEY: EnvVar.value('sk_live_4eC39HqLyjWDarjtT1zdp7dc'),
            PAYMENT_PROVIDER: EnvVar.value('sk_live_4eC39HqLyjWDarjtT1zdp7dc'),
            DATABASE_URL: EnvVar.value('postgres://app:s3cr3t@db:5432/app'),
            SIGNING: EnvVar.value('Zx9Qw2Lk8Rt5Vb3Nm7Hg4Jd1Fs6Ap0Ye'),
            LOG_LEVEL: EnvVar.value('info'),
            PASSWORD_FILE: EnvVar.value('/run/secrets/db'),
          },
          args: ['--api-token=abc', '--password', 'hunter2', '--queue', 'orders'],
        }),
    );
    const at = '[test/payments] Deployment/payments container payments';
    expect(issues).toEqual([
      `${at} env.DB_PASSWORD: is a secret in plain text (the name says PASSWORD); ${fix}, ${relaxHint}`,
      `${at} env.STRIPE_SECRET_KEY: is a secret in plain text (the name says SECRET); ${fix}, ${relaxHint}`,
      `${at} env.PAYMENT_PROVIDER: is a secret in plain text (the value looks like a Stripe live key); ${fix}, ${relaxHint}`,
      `${at} env.DATABASE_URL: is a secret in plain text (the value looks like a URL with a password); ${fix}, ${relaxHint}`,
      `${at} env.SIGNING: is a secret in plain text (the value looks like a high-entropy string); ${fix}, ${relaxHint}`,
      `${at} args[0]: is a secret in plain text (the name says TOKEN); ${fix}, ${relaxHint}`,
      `${at} args[2]: is a secret in plain text (the name says PASSWORD); ${fix}, ${relaxHint}`,
    ]);
    expect(issues.join('\n')).not.toContain('hunter2');
  });

  it('fail in ConfigMap data', () => {
    expect(
      issuesOf((c) => new ConfigBundle(c, 'settings', { data: { WEBHOOK: 'xoxb-123456789012-abcdefghij' } })),
    ).toEqual([
      '[test/settings] ConfigMap/settings data.WEBHOOK: is a secret in plain text (the value looks like a Slack token); move it to a Secret and reference it with EnvVar.fromSecret(secret, key), or relax the check "plaintext-secret" on the component with a reason',
    ]);
  });

  it('pass when referenced, and can be relaxed per component with a reason', () => {
    expect(
      issuesOf(
        (c) => new Worker(c, 'w', { image, env: { DB_PASSWORD: EnvVar.fromSecret('db', 'password') } }),
      ),
    ).toEqual([]);
    const relaxed = (reason: string) =>
      issuesOf(
        (c) =>
          new Worker(c, 'w', {
            image,
            env: { STRIPE_KEY: EnvVar.value('pk_test_TYooMQauvdEDq54NiTphI7jx') },
            relax: [{ check: 'plaintext-secret', reason }],
          }),
      );
    expect(relaxed('publishable test key, public by design')).toEqual([]);
    expect(relaxed('ok')).toEqual([
      '[test/w] relax[0].reason: say why this is safe (at least 10 characters); reviewers read it',
    ]);
  });

  it('do not flag the example platform shapes (URLs, paths, image names, commit SHAs)', () => {
    expect(
      issuesOf(
        (c) =>
          new Worker(c, 'w', {
            image,
            command: ['/app/worker', '--queue', 'orders', '--config=/etc/app/config.yaml'],
            env: {
              PUBLIC_API_URL: EnvVar.value('https://api.staging.shop.example.com'),
              SOURCE_COMMIT: EnvVar.value('3f1c2a9b8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b'),
              IMAGE: EnvVar.value('ghcr.io/acme-shop/public-api:1.42.0'),
              TOKEN_TTL: EnvVar.value('3600'),
            },
          }),
      ),
    ).toEqual([]);
  });
});

describe('dangling references', () => {
  const settings = (c: EnvironmentChart) =>
    new ConfigBundle(c, 'shop-settings', { data: { PUBLIC_API_URL: 'https://x' } });

  it('a typo in EnvVar.fromConfig, a missing key and configFrom naming nothing fail with a hint', () => {
    const issues = issuesOf((c) => {
      settings(c);
      new Worker(c, 'w', {
        image,
        env: {
          A: EnvVar.fromConfig('shop-setings', 'PUBLIC_API_URL'),
          B: EnvVar.fromConfig('shop-settings', 'PUBLIC_API_UR'),
        },
        configFrom: ['feature-flags'],
      });
    });
    expect(issues).toEqual([
      '[test/w] Deployment/w container w env.A: ConfigMap "shop-setings" does not exist in this environment (did you mean "shop-settings"?)',
      '[test/w] Deployment/w container w env.B: ConfigMap "shop-settings" has no key "PUBLIC_API_UR" (did you mean "PUBLIC_API_URL"?); its keys: PUBLIC_API_URL',
      '[test/w] Deployment/w container w envFrom[0]: ConfigMap "feature-flags" does not exist in this environment',
    ]);
  });

  it('dependsOn an object that does not exist fails', () => {
    const issues = issuesOf((c) => {
      settings(c);
      new Worker(c, 'w', {
        image,
        sync: { dependsOn: [{ group: 'apps', kind: 'Deployment', namespace: 'ns-test', name: 'databse' }] },
      });
      new Worker(c, 'database', { image });
    });
    expect(issues).toEqual([
      '[test/w] Deployment/w dependsOn: apps/Deployment/ns-test/databse is not an object of this environment (did you mean "database"?)',
    ]);
  });

  it('Secrets of infra needs are checked against their contract; other Secrets come from the cluster', () => {
    const issues = issuesOf((c) => {
      new Worker(c, 'w', {
        image,
        needs: [{ kind: 'postgres', name: 'orders-db' }],
        env: {
          OK: EnvVar.fromSecret('orders-db', 'url'),
          PASSWORD: EnvVar.fromSecret('orders-db', 'password'),
          KEY: EnvVar.fromSecret('orders-db', 'user'),
          TYPO: EnvVar.fromSecret('order-db', 'url'),
          CLUSTER: EnvVar.fromSecret('payment-provider', 'api-key'),
        },
      });
    });
    expect(issues).toEqual([
      '[test/w] Deployment/w container w env.KEY: Secret "orders-db" (from the postgres need of w) has no key "user"; it provides: url, host, port, database, username, password',
      '[test/w] Deployment/w container w env.TYPO: Secret "order-db" is not provided by this environment\'s infra needs (did you mean "orders-db"?)',
    ]);
  });

  it('resolve inside the environment', () => {
    const objs = synth((c) => {
      settings(c);
      new Worker(c, 'w', { image, env: { A: EnvVar.fromConfig('shop-settings', 'PUBLIC_API_URL') } });
    });
    expect(loose(find(objs, 'Deployment', 'w')).spec.template.spec.containers[0].env[0].valueFrom).toEqual({
      configMapKeyRef: { key: 'PUBLIC_API_URL', name: 'shop-settings' },
    });
  });
});
