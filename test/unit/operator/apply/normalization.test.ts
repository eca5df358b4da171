import { emptyLeaves, gvkOf, Normalization } from '../../../../operator/apply/normalization';
import { isSubset } from '../../../../operator/apply/compare';
import type { KubeObject } from '../../../../operator/model';

const deployment = (podSpec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'shop' },
  spec: { template: { spec: podSpec } },
});

describe('learning which empty fields the server drops', () => {
  const manifest = deployment({
    hostNetwork: false,
    automountServiceAccountToken: false,
    containers: [{ name: 'api', securityContext: { allowPrivilegeEscalation: false }, ports: [] }],
  });
  // What the API server returns: omitempty booleans and lists dropped, pointer booleans kept.
  const answer = deployment({
    automountServiceAccountToken: false,
    containers: [{ name: 'api', securityContext: { allowPrivilegeEscalation: false } }],
  });

  it('lists empty leaves with generalised list paths', () => {
    expect(emptyLeaves(manifest).map((l) => l.path)).toEqual([
      'spec.template.spec.hostNetwork',
      'spec.template.spec.automountServiceAccountToken',
      'spec.template.spec.containers[].securityContext.allowPrivilegeEscalation',
      'spec.template.spec.containers[].ports',
    ]);
  });

  it('learns dropped paths from an answer and trusts only those', () => {
    const n = new Normalization();
    n.learn(manifest, answer);
    expect(n.changed).toBe(true);
    const dropped = n.droppedPaths(gvkOf(manifest));
    expect([...dropped].sort()).toEqual([
      'spec.template.spec.containers[].ports',
      'spec.template.spec.hostNetwork',
    ]);
    expect(isSubset(manifest, answer, dropped)).toBe(true);
    // A hand edit removes the pointer fields: absent live is drift, whatever was learned.
    const tampered = deployment({ containers: [{ name: 'api', securityContext: {} }] });
    expect(isSubset(manifest, tampered, dropped)).toBe(false);
  });

  it('forgets a path once the server is seen keeping it, and round-trips through JSON', () => {
    const n = new Normalization({
      'apps/v1/Deployment': ['spec.template.spec.automountServiceAccountToken'],
    });
    n.learn(manifest, answer);
    expect(n.droppedPaths('apps/v1/Deployment').has('spec.template.spec.automountServiceAccountToken')).toBe(
      false,
    );
    expect(new Normalization(n.toJSON()).toJSON()).toEqual(n.toJSON());
    expect(gvkOf({ apiVersion: 'v1', kind: 'Service' })).toBe('/v1/Service');
  });
});
