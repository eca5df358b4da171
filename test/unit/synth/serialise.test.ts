import { parse } from 'yaml';
import { manifestFileName, toYaml, yamlString } from '../../../constructs/synth';

describe('toYaml', () => {
  it('puts apiVersion, kind, metadata first and sorts every other key recursively', () => {
    const y = toYaml({
      spec: { b: 1, a: [{ z: 1, p: 2 }] },
      metadata: { name: 'x' },
      kind: 'K',
      apiVersion: 'v1',
      data: {},
    });
    expect(y).toBe(
      [
        'apiVersion: v1',
        'kind: K',
        'metadata:',
        '  name: x',
        'data: {}',
        'spec:',
        '  a:',
        '    - p: 2',
        '      z: 1',
        '  b: 1',
        '',
      ].join('\n'),
    );
  });

  it('does not depend on insertion order', () => {
    expect(toYaml({ a: 1, b: { c: 2, d: 3 } })).toBe(toYaml({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it('quotes strings a YAML reader would turn into something else', () => {
    for (const s of [
      'true',
      'no',
      'On',
      'null',
      '~',
      '1',
      '1.5',
      '0x1F',
      '1e3',
      '2024-01-02',
      '',
      ' lead',
      'a: b',
      '-x',
      '*',
      'a#b c',
      '50%',
      'multi\nline',
      '@x',
    ]) {
      expect(yamlString(s)).toBe(JSON.stringify(s));
    }
    for (const s of ['100m', 'ghcr.io/a/b:1.2', 'app.kubernetes.io/name', 'RuntimeDefault', '/healthz'])
      expect(yamlString(s)).toBe(s);
  });

  it('round-trips through a YAML parser', () => {
    const obj = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', labels: { 'a/b': 'yes' } },
      data: { a: '1', b: 'multi\nline', c: 'x: y', d: '', e: 'true' },
      nested: [[1, 2], [], [{}], { k: null }, false, 0.25],
    };
    expect(parse(toYaml(obj))).toEqual(obj);
  });
});

describe('manifestFileName', () => {
  it('is <ns>--<kind>[.<group>]--<name>.yaml, lowercase, _cluster for cluster-scoped objects', () => {
    expect(
      manifestFileName({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', namespace: 'shop-dev' },
      }),
    ).toBe('shop-dev--deployment.apps--api.yaml');
    expect(manifestFileName({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop-dev' } })).toBe(
      '_cluster--namespace--shop-dev.yaml',
    );
    expect(
      manifestFileName({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 's' } }),
    ).toBe('s--service--api.yaml');
  });
});
