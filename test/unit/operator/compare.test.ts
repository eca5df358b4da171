import {
  comparable,
  fieldChanges,
  formatChange,
  isSubset,
  manifestHash,
  APPLIED_HASH_ANNOTATION,
} from '../../../operator/apply/compare';
import { ownershipConflict } from '../../../operator/apply/manifest';
import type { KubeObject } from '../../../operator/model';

describe('drift comparison', () => {
  const desired = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } },
    spec: { replicas: 2, template: { spec: { containers: [{ name: 'api', image: 'api:1.0' }] } } },
  };
  const live = {
    ...desired,
    metadata: { ...desired.metadata, uid: 'u1', resourceVersion: '7', managedFields: [{}] },
    spec: {
      replicas: 2,
      strategy: { type: 'RollingUpdate' },
      template: {
        spec: { containers: [{ name: 'api', image: 'api:1.0', imagePullPolicy: 'IfNotPresent' }] },
      },
    },
    status: { readyReplicas: 2 },
  };

  it('treats server-added fields as no drift', () => {
    expect(isSubset(desired, live)).toBe(true);
  });

  it('detects a changed field and a missing list element', () => {
    const drifted = { ...live, spec: { ...live.spec, replicas: 5 } };
    expect(isSubset(desired, drifted)).toBe(false);
    const fewer = { ...live, spec: { ...live.spec, template: { spec: { containers: [] } } } };
    expect(isSubset(desired, fewer)).toBe(false);
  });

  it('hashes independently of key order and of the hash annotation', () => {
    const reordered = {
      spec: desired.spec,
      metadata: desired.metadata,
      kind: 'Deployment',
      apiVersion: 'apps/v1',
    };
    expect(manifestHash(reordered)).toBe(manifestHash(desired));
    const annotated = {
      ...desired,
      metadata: { ...desired.metadata, annotations: { [APPLIED_HASH_ANNOTATION]: 'x' } },
    };
    expect(manifestHash(annotated)).toBe(
      manifestHash({ ...desired, metadata: { ...desired.metadata, annotations: {} } }),
    );
    expect(manifestHash({ ...desired, spec: { ...desired.spec, replicas: 3 } })).not.toBe(
      manifestHash(desired),
    );
  });

  it('lists field-level changes ignoring server bookkeeping', () => {
    const after = {
      ...live,
      metadata: { ...live.metadata, resourceVersion: '8' },
      spec: {
        ...live.spec,
        template: { spec: { containers: [{ ...live.spec.template.spec.containers[0], image: 'api:1.1' }] } },
      },
    };
    const changes = fieldChanges(comparable(live), comparable(after));
    expect(changes.map(formatChange)).toEqual([
      'spec.template.spec.containers[0].image: "api:1.0" → "api:1.1"',
    ]);
    expect(fieldChanges(comparable(live), comparable({ ...live, status: { readyReplicas: 0 } }))).toEqual([]);
  });
});

describe('omitempty', () => {
  it('treats empty desired values as matching absent live fields only where the server drops them', () => {
    const desired = { spec: { minReadySeconds: 0, hostNetwork: false, externalIPs: [], selector: {} } };
    const dropped = new Set([
      'spec.minReadySeconds',
      'spec.hostNetwork',
      'spec.externalIPs',
      'spec.selector',
    ]);
    expect(isSubset(desired, { spec: {} }, dropped)).toBe(true);
    // Unknown paths are never assumed: allowPrivilegeEscalation=false removed live is drift.
    expect(isSubset(desired, { spec: {} })).toBe(false);
    const sc = { spec: { containers: [{ securityContext: { allowPrivilegeEscalation: false } }] } };
    expect(isSubset(sc, { spec: { containers: [{ securityContext: {} }] } }, dropped)).toBe(false);
    expect(
      isSubset(
        sc,
        { spec: { containers: [{ securityContext: {} }] } },
        new Set(['spec.containers[].securityContext.allowPrivilegeEscalation']),
      ),
    ).toBe(true);
    expect(isSubset({ spec: { minReadySeconds: 5 } }, { spec: {} })).toBe(false);
    expect(isSubset({ spec: { hostNetwork: false } }, { spec: { hostNetwork: true } })).toBe(false);
  });
});

describe('ownership', () => {
  const live = (id?: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'c',
      namespace: 'shop',
      annotations: id ? ({ 'ferry.dev/tracking-id': id } as Record<string, string>) : {},
    },
  });
  const mine = 'dev:/ConfigMap:shop/c';

  it('adopts unowned objects and re-applies its own', () => {
    expect(ownershipConflict(live(), mine)).toBeUndefined();
    expect(ownershipConflict(live(mine), mine)).toBeUndefined();
    expect(ownershipConflict(undefined, mine)).toBeUndefined();
  });

  it("refuses another environment's object, naming the owner", () => {
    expect(ownershipConflict(live('staging:/ConfigMap:shop/c'), mine)).toMatch(
      /already managed by another environment \(tracking id staging:\/ConfigMap:shop\/c\)/,
    );
  });
});
