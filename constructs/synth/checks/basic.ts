/** The first checks: Secret data, container resources, WebService readiness probes. */
import { containersOf, podSpecOf } from '../../kube-object';
import { refOf as ref, type Check, type CheckFinding } from './check';

export const SECRET_DATA: Check = {
  name: 'secret-data',
  check(obj) {
    if (obj.kind !== 'Secret') return [];
    const has = (k: string) => obj[k] !== undefined && Object.keys(obj[k] as object).length > 0;
    if (!has('data') && !has('stringData')) return [];
    return [
      {
        field: ref(obj),
        problem:
          'carries plaintext data; reference an existing Secret (EnvVar.fromSecret) instead of embedding it',
      },
    ];
  },
};

export const CONTAINER_RESOURCES: Check = {
  name: 'container-resources',
  check(obj) {
    const pod = podSpecOf(obj);
    if (!pod) return [];
    const out: CheckFinding[] = [];
    for (const c of containersOf(pod)) {
      for (const part of ['requests', 'limits'] as const) {
        const r = c.resources?.[part];
        if (!r?.cpu || !r.memory) {
          out.push({
            field: `${ref(obj)} container ${c.name} resources.${part}`,
            problem: 'cpu and memory must be set',
          });
        }
      }
    }
    return out;
  },
};

export const READINESS_PROBE: Check = {
  name: 'readiness-probe',
  check(obj, { component }) {
    if (obj.kind !== 'Deployment' || component?.kind !== 'WebService') return [];
    const pod = podSpecOf(obj);
    return (pod?.containers ?? [])
      .filter((c) => !c.readinessProbe)
      .map((c) => ({
        field: `${ref(obj)} container ${c.name} readinessProbe`,
        problem: 'a WebService needs a readiness probe (or relax the check "readiness-probe")',
      }));
  },
};
