/**
 * Synth-time checks on the final objects of an environment. Each can be switched off only by the
 * environment naming it in `relaxations`.
 */
import type { ComponentInfo } from '../policies/policy';
import type { Relaxation } from '../environment';
import { containersOf, podSpecOf, type KubeObject } from '../kube-object';

export interface CheckFinding {
  readonly field: string;
  readonly problem: string;
}

export interface Check {
  readonly relaxation: Relaxation;
  check(obj: KubeObject, component: ComponentInfo | undefined): CheckFinding[];
}

const ref = (o: KubeObject) => `${o.kind}/${o.metadata.name}`;

export const SECRET_DATA: Check = {
  relaxation: 'secret-data',
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
  relaxation: 'container-resources',
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
  relaxation: 'readiness-probe',
  check(obj, component) {
    if (obj.kind !== 'Deployment' || component?.kind !== 'WebService') return [];
    const pod = podSpecOf(obj);
    return (pod?.containers ?? [])
      .filter((c) => !c.readinessProbe)
      .map((c) => ({
        field: `${ref(obj)} container ${c.name} readinessProbe`,
        problem: 'a WebService needs a readiness probe (or the environment must relax "readiness-probe")',
      }));
  },
};

export const CHECKS: readonly Check[] = [SECRET_DATA, CONTAINER_RESOURCES, READINESS_PROBE];
