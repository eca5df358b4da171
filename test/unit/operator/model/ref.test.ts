import {
  DependencyCycleError,
  ManifestError,
  ObjectError,
  formatRef,
  parseRef,
  refKey,
  splitApiVersion,
} from '../../../../operator/model';

describe('ObjectRef keys', () => {
  it.each([
    [
      { group: 'apps', kind: 'Deployment', namespace: 'shop-dev', name: 'public-api' },
      'apps/Deployment/shop-dev/public-api',
    ],
    [
      { group: '', kind: 'ConfigMap', namespace: 'shop-dev', name: 'settings' },
      '/ConfigMap/shop-dev/settings',
    ],
    [{ group: '', kind: 'Namespace', name: 'shop-dev' }, '/Namespace//shop-dev'],
  ])('refKey(%o) = %s and parses back', (ref, key) => {
    expect(refKey(ref)).toBe(key);
    expect(parseRef(key)).toEqual(ref);
  });

  it('ignores the version in the key', () => {
    expect(refKey({ group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'a', name: 'b' })).toBe(
      'apps/Deployment/a/b',
    );
  });

  it.each([
    '',
    'Deployment/shop/api',
    'apps/Deployment/shop/api/extra',
    'apps//shop/api',
    'apps/Deployment/shop/',
    'apps/1x/ns/n',
  ])('rejects malformed key %j', (key) => {
    expect(parseRef(key)).toBeUndefined();
  });

  it('formats for people without the group', () => {
    expect(formatRef({ group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'api' })).toBe(
      'Deployment/shop/api',
    );
    expect(formatRef({ group: '', kind: 'Namespace', name: 'shop' })).toBe('Namespace/shop');
  });

  it('splits apiVersion into group and version', () => {
    expect(splitApiVersion('apps/v1')).toEqual({ group: 'apps', version: 'v1' });
    expect(splitApiVersion('v1')).toEqual({ group: '', version: 'v1' });
  });
});

describe('errors', () => {
  it('ManifestError lists every file: object: problem', () => {
    const err = new ManifestError([
      { file: 'manifests/a.yaml', object: 'Deployment/shop/api', message: 'missing kind' },
      { file: 'environment.json', message: 'missing schemaVersion' },
    ]);
    expect(err.message).toBe(
      '2 problems in the deploy folder; nothing was applied:\n' +
        '  manifests/a.yaml: Deployment/shop/api: missing kind\n' +
        '  environment.json: missing schemaVersion',
    );
    expect(err.name).toBe('ManifestError');
  });

  it('DependencyCycleError names the cycle', () => {
    const a = { group: '', kind: 'ConfigMap', namespace: 'ns', name: 'a' };
    const b = { group: 'apps', kind: 'Deployment', namespace: 'ns', name: 'b' };
    expect(new DependencyCycleError([a, b]).message).toMatch(
      /^dependency cycle: ConfigMap\/ns\/a -> Deployment\/ns\/b -> ConfigMap\/ns\/a;/,
    );
  });

  it('ObjectError names the object and operation', () => {
    const err = new ObjectError(
      { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'api' },
      'apply',
      'boom',
    );
    expect(err.message).toBe('Deployment/shop/api apply failed: boom');
    expect(err).toBeInstanceOf(Error);
  });
});
