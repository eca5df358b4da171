/**
 * The Environment CRD as synthesised: names, scope, version, status subresource, printer columns,
 * and a schema with required fields, defaults, enums, patterns and CEL rules. What the API server
 * does with it is shown by test/integration/operator-install/environment-crd.test.ts.
 */
import { App, Chart } from 'cdk8s';
import {
  DURATION_PATTERN,
  EnvironmentCrd,
  REVISION_PATTERN,
  type KubeObject,
  type OpenApiSchema,
} from '../../../constructs';
import { loose } from './helpers';

function crd(): KubeObject {
  const chart = new Chart(new App(), 'test');
  return new EnvironmentCrd(chart, 'crd').toJson() as KubeObject;
}

const c = loose(crd());
const version = c.spec.versions[0];
const schema = version.schema.openAPIV3Schema as OpenApiSchema;
const spec = schema.properties!.spec;
const prop = (path: string): OpenApiSchema =>
  path.split('.').reduce((s: OpenApiSchema, p) => {
    const next = s.properties?.[p];
    if (!next) throw new Error(`no property ${p} in ${path}`);
    return next;
  }, spec);

describe('the Environment CRD', () => {
  it('is environments.ferry.dev, namespaced, one version served and stored, with a status subresource', () => {
    expect(c.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(c.metadata.name).toBe('environments.ferry.dev');
    expect(c.spec.group).toBe('ferry.dev');
    expect(c.spec.scope).toBe('Namespaced');
    expect(c.spec.names).toMatchObject({
      kind: 'Environment',
      plural: 'environments',
      singular: 'environment',
    });
    expect(c.spec.versions).toHaveLength(1);
    expect(version).toMatchObject({
      name: 'v1alpha1',
      served: true,
      storage: true,
      subresources: { status: {} },
    });
  });

  it('is never pruned (that would delete every Environment)', () => {
    expect(c.metadata.annotations['ferry.dev/sync-options']).toBe('Prune=false');
  });

  it('prints SYNC, HEALTH, REVISION, AGE and MESSAGE', () => {
    expect(
      version.additionalPrinterColumns.map((p: { name: string; jsonPath: string }) => [p.name, p.jsonPath]),
    ).toEqual([
      ['Sync', '.status.sync'],
      ['Health', '.status.health'],
      ['Revision', '.status.revision'],
      ['Age', '.metadata.creationTimestamp'],
      ['Message', '.status.message'],
    ]);
  });

  it('requires source.repo and a destination', () => {
    expect(spec.required).toEqual(['source', 'destination']);
    expect(prop('source').required).toEqual(['repo']);
    expect(prop('destination').required).toEqual(['cluster', 'namespace']);
  });

  it('defaults branch, interval, timeout, deletionPolicy, suspend and the sync policy', () => {
    expect(prop('source.branch').default).toBe('deploy');
    expect(prop('interval').default).toBe('1m');
    expect(prop('timeout').default).toBe('5m');
    expect(prop('deletionPolicy').default).toBe('Orphan');
    expect(prop('suspend').default).toBe(false);
    // An absent syncPolicy becomes {} so that its own defaults apply.
    expect(prop('syncPolicy').default).toEqual({});
    expect(
      Object.fromEntries(Object.entries(prop('syncPolicy').properties!).map(([k, v]) => [k, v.default])),
    ).toEqual({ automated: true, prune: false, selfHeal: false, allowEmpty: false });
    expect(prop('source.path').default).toBeUndefined(); // the controller uses the Environment's name
  });

  it('constrains deletionPolicy, revision, durations and the namespace', () => {
    expect(prop('deletionPolicy').enum).toEqual(['Orphan', 'Delete']);
    expect(prop('revision').pattern).toBe('^([0-9a-f]{40})?$');
    expect(prop('interval').pattern).toBe(DURATION_PATTERN);
    expect(prop('timeout').pattern).toBe(DURATION_PATTERN);
    expect(prop('destination.namespace')).toMatchObject({
      maxLength: 63,
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
    });
  });

  it.each([
    ['1m', true],
    ['90s', true],
    ['1h30m', true],
    ['250ms', true],
    ['1.5h', true],
    ['5 minutes', false],
    ['1d', false],
    ['60', false],
    ['', false],
  ])('duration pattern: %j → %s', (text, ok) => {
    expect(new RegExp(DURATION_PATTERN).test(text)).toBe(ok);
  });

  it.each([
    ['', true],
    ['0123456789abcdef0123456789abcdef01234567', true],
    ['0123456789ABCDEF0123456789abcdef01234567', false],
    ['abc1234', false],
  ])('revision pattern: %j → %s', (text, ok) => {
    expect(new RegExp(REVISION_PATTERN).test(text)).toBe(ok);
  });

  it('says in CEL what a pattern cannot: cluster names, pins with a reason, ferry-system never deleted', () => {
    const rules = (s: OpenApiSchema) => (s['x-kubernetes-validations'] ?? []).map((r) => r.rule);
    expect(rules(prop('destination.cluster'))).toEqual([expect.stringContaining("self == 'in-cluster'")]);
    expect(spec['x-kubernetes-validations']).toEqual([
      expect.objectContaining({
        fieldPath: '.pinReason',
        message: expect.stringContaining('requires a revision'),
      }),
      expect.objectContaining({ fieldPath: '.deletionPolicy', message: expect.stringContaining('Orphan') }),
    ]);
    expect(rules(prop('interval'))).toEqual([expect.stringContaining("duration(self) > duration('0s')")]);
    // CEL raw strings: a regex backslash must reach the API server unescaped.
    expect(rules(prop('interval'))[0]).toContain(`r'${DURATION_PATTERN}'`);
  });

  it('types the top-level status fields and keeps the rest open', () => {
    const status = schema.properties!.status;
    expect(status['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(Object.keys(status.properties!).sort()).toEqual([
      'conditions',
      'health',
      'history',
      'infra',
      'lastAttemptedRevision',
      'message',
      'observedGeneration',
      'pinned',
      'resources',
      'revision',
      'sync',
    ]);
    expect(status.properties!.sync.enum).toEqual(['Synced', 'OutOfSync', 'Unknown']);
    expect(status.properties!.health.enum).toContain('Current');
    expect(status.properties!.conditions['x-kubernetes-list-map-keys']).toEqual(['type']);
  });
});
