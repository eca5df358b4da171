import { stripUndeclared, undeclaredPaths } from '../../../../operator/apply/undeclared';
import type { KubeObject } from '../../../../operator/model';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api' },
  spec: {
    replica: 2,
    template: {
      spec: {
        containers: [
          { name: 'api', bogus: true },
          { name: 'side', bogus: 1 },
        ],
      },
    },
  },
};

describe('dropping undeclared fields (Validate=false)', () => {
  const message =
    'failed to create typed patch object (shop/api; apps/v1, Kind=Deployment): .spec.replica: field not declared in schema\n' +
    '.spec.template.spec.containers[name="api"].bogus: field not declared in schema';

  it('reads the paths the server names', () => {
    expect(undeclaredPaths(message)).toEqual([
      '.spec.replica',
      '.spec.template.spec.containers[name="api"].bogus',
    ]);
  });

  it('removes exactly those fields, keyed list elements included', () => {
    const out = stripUndeclared(deployment, message)!;
    expect(out.removed).toEqual(['.spec.replica', '.spec.template.spec.containers[name="api"].bogus']);
    expect(out.manifest.spec).toEqual({
      template: { spec: { containers: [{ name: 'api' }, { name: 'side', bogus: 1 }] } },
    });
    expect((deployment.spec as { replica: number }).replica).toBe(2);
  });

  it('returns undefined when the message names nothing it can remove', () => {
    expect(stripUndeclared(deployment, 'the server is unhappy')).toBeUndefined();
    expect(stripUndeclared(deployment, '.spec.nope: field not declared in schema')).toBeUndefined();
  });
});
