import { adoptableManagers, adoptedManagedFields, mergeFields } from '../../../../operator/apply/adopt';
import type { KubeObject } from '../../../../operator/model';

const live = (managedFields: object[]): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'shop', managedFields },
});

describe('adopting field ownership from kubectl and Argo CD', () => {
  const csa = {
    manager: 'kubectl-client-side-apply',
    operation: 'Update',
    fieldsV1: { 'f:spec': { 'f:replicas': {} } },
  };
  const scale = {
    manager: 'kubectl',
    operation: 'Update',
    subresource: 'scale',
    fieldsV1: { 'f:spec': { 'f:replicas': {} } },
  };
  const edit = { manager: 'kubectl-edit', operation: 'Update', fieldsV1: { 'f:metadata': {} } };
  const ours = { manager: 'ferry', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:template': {} } } };
  const argo = {
    manager: 'argocd-controller',
    operation: 'Apply',
    fieldsV1: { 'f:metadata': { 'f:labels': {} } },
  };

  it("takes over client-side apply and other tools' applies, never hand edits", () => {
    expect(adoptableManagers(live([csa, scale, edit, ours, argo]))).toEqual([
      'argocd-controller',
      'kubectl-client-side-apply',
    ]);
    expect(adoptableManagers(live([scale, edit, ours]))).toEqual([]);
  });

  it("merges the adopted fields into Ferry's one Apply entry", () => {
    const out = adoptedManagedFields(live([csa, edit, ours, argo]), new Date('2026-01-01T00:00:00Z'));
    expect(out.map((e) => e.manager)).toEqual(['kubectl-edit', 'ferry']);
    expect(out[1]).toEqual({
      manager: 'ferry',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:template': {}, 'f:replicas': {} }, 'f:metadata': { 'f:labels': {} } },
      time: '2026-01-01T00:00:00Z',
    });
    expect(mergeFields({ a: { b: {} } }, { a: { c: {} }, d: {} })).toEqual({ a: { b: {}, c: {} }, d: {} });
  });
});
