/**
 * `dangling-reference`: every reference inside an environment points at something. ConfigMaps,
 * ServiceAccounts, Services, autoscaler targets and `dependsOn` objects must be objects of the
 * environment (ConfigMap keys must exist too). Secrets come from infra or the cluster: a
 * reference to an infra need's Secret must use a key of its contract (../../infra-secrets.ts),
 * and a Secret name one or two edits away from an infra need's is reported as a likely typo.
 */
import { INFRA_SECRET_KEYS } from '../../infra-secrets';
import { apiGroup, containersOf, podSpecOf, type ContainerJson, type KubeObject } from '../../kube-object';
import { ANNOTATIONS } from '../../sync';
import { refOf, type Check, type CheckFinding, type EnvironmentIndex } from './check';
import { closest, didYouMean } from './similar';

interface NameRef {
  name?: string;
  key?: string;
  optional?: boolean;
}

const missing = (env: EnvironmentIndex, kind: string, name: string) =>
  `${kind} "${name}" does not exist in this environment${didYouMean(name, env.names(kind))}`;

function configMapProblem(env: EnvironmentIndex, ref: NameRef): string | undefined {
  if (!ref.name || ref.optional) return undefined;
  const cm = env.find('ConfigMap', ref.name);
  if (!cm) return missing(env, 'ConfigMap', ref.name);
  if (ref.key === undefined) return undefined;
  const keys = Object.keys({ ...(cm.data as object), ...(cm.binaryData as object) }).sort();
  if (keys.includes(ref.key)) return undefined;
  return `ConfigMap "${ref.name}" has no key "${ref.key}"${didYouMean(ref.key, keys)}; its keys: ${keys.join(', ') || '(none)'}`;
}

function secretProblem(env: EnvironmentIndex, ref: NameRef): string | undefined {
  if (!ref.name || ref.optional) return undefined;
  const need = env.needs.find((n) => n.need.name === ref.name);
  if (need) {
    const keys = INFRA_SECRET_KEYS[need.need.kind];
    if (ref.key === undefined || keys.includes(ref.key)) return undefined;
    return `Secret "${ref.name}" (from the ${need.need.kind} need of ${need.component}) has no key "${ref.key}"; it provides: ${keys.join(', ')}`;
  }
  if (env.find('Secret', ref.name)) return undefined;
  const near = closest(
    ref.name,
    env.needs.map((n) => n.need.name),
  );
  return near
    ? `Secret "${ref.name}" is not provided by this environment's infra needs (did you mean "${near}"?)`
    : undefined;
}

function containerFindings(prefix: string, c: ContainerJson, env: EnvironmentIndex): CheckFinding[] {
  const out: CheckFinding[] = [];
  const add = (field: string, problem: string | undefined) => {
    if (problem) out.push({ field: `${prefix} ${field}`, problem });
  };
  type EnvEntry = { name: string; valueFrom?: { configMapKeyRef?: NameRef; secretKeyRef?: NameRef } };
  for (const e of (c.env ?? []) as EnvEntry[]) {
    if (e.valueFrom?.configMapKeyRef)
      add(`env.${e.name}`, configMapProblem(env, e.valueFrom.configMapKeyRef));
    if (e.valueFrom?.secretKeyRef) add(`env.${e.name}`, secretProblem(env, e.valueFrom.secretKeyRef));
  }
  type EnvFrom = { configMapRef?: NameRef; secretRef?: NameRef };
  ((c.envFrom ?? []) as EnvFrom[]).forEach((e, i) => {
    if (e.configMapRef) add(`envFrom[${i}]`, configMapProblem(env, { ...e.configMapRef, key: undefined }));
    if (e.secretRef) add(`envFrom[${i}]`, secretProblem(env, { ...e.secretRef, key: undefined }));
  });
  return out;
}

function podFindings(obj: KubeObject, env: EnvironmentIndex): CheckFinding[] {
  const pod = podSpecOf(obj);
  if (!pod) return [];
  const out = containersOf(pod).flatMap((c) =>
    containerFindings(`${refOf(obj)} container ${c.name}`, c, env),
  );
  const sa = pod.serviceAccountName as string | undefined;
  if (sa && sa !== 'default' && !env.find('ServiceAccount', sa)) {
    out.push({ field: `${refOf(obj)} serviceAccountName`, problem: missing(env, 'ServiceAccount', sa) });
  }
  for (const v of (pod.volumes ?? []) as Array<{ name: string; configMap?: NameRef }>) {
    const p = v.configMap && configMapProblem(env, { ...v.configMap, key: undefined });
    if (p) out.push({ field: `${refOf(obj)} volumes.${v.name}`, problem: p });
  }
  return out;
}

function dependsOnFindings(obj: KubeObject, env: EnvironmentIndex): CheckFinding[] {
  const refs = obj.metadata.annotations?.[ANNOTATIONS.dependsOn];
  if (!refs) return [];
  return refs.split(',').flatMap((text) => {
    const [group, kind, namespace, name] = text.split('/');
    const target = kind && name ? env.find(kind, name) : undefined;
    const found =
      target &&
      apiGroup(target.apiVersion) === group &&
      (target.metadata.namespace ?? '') === (namespace ?? '');
    if (found) return [];
    return [
      {
        field: `${refOf(obj)} dependsOn`,
        problem: `${text} is not an object of this environment${kind && name ? didYouMean(name, env.names(kind)) : ''}`,
      },
    ];
  });
}

function serviceFindings(obj: KubeObject, env: EnvironmentIndex): CheckFinding[] {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (!spec) return [];
  const out: CheckFinding[] = [];
  if (obj.kind === 'Ingress') {
    type Backend = { service?: { name?: string } };
    const rules = (spec.rules ?? []) as Array<{ http?: { paths?: Array<{ backend?: Backend }> } }>;
    const backends = [
      (spec.defaultBackend as Backend | undefined)?.service?.name,
      ...rules.flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend?.service?.name)),
    ];
    for (const name of new Set(backends)) {
      if (name && !env.find('Service', name)) {
        out.push({ field: `${refOf(obj)} backend`, problem: missing(env, 'Service', name) });
      }
    }
  }
  if (obj.kind === 'HorizontalPodAutoscaler') {
    const t = spec.scaleTargetRef as { kind?: string; name?: string } | undefined;
    if (t?.kind && t.name && !env.find(t.kind, t.name)) {
      out.push({ field: `${refOf(obj)} scaleTargetRef`, problem: missing(env, t.kind, t.name) });
    }
  }
  return out;
}

export const DANGLING_REFERENCE: Check = {
  name: 'dangling-reference',
  check(obj, { env }) {
    return [...podFindings(obj, env), ...dependsOnFindings(obj, env), ...serviceFindings(obj, env)];
  },
};
