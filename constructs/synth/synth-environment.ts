/**
 * Synthesises one environment in memory: construct → objects (cdk8s `toJson`) → namespace →
 * policies → checks → files. Nothing touches the disk here, so a failing environment can never
 * leave a half-written folder.
 */
import { ApiObject, App } from 'cdk8s';
import { Component } from '../component';
import { EnvironmentChart } from '../environment-chart';
import type { Environment } from '../environment';
import type { Issue } from '../issues';
import { isClusterScoped, type KubeObject } from '../kube-object';
import type { ComponentInfo, PolicyContext } from '../policies/policy';
import { CHECKS } from './checks';
import { environmentJson } from './environment-json';
import { describeInfra } from './infra-description';
import { INFRA_FILE } from '../../operator/model';
import { serialiseInfraDescription } from '../../operator/manifests/infra';
import { manifestFileName } from './file-name';
import { toYaml } from './serialise';

export interface EnvironmentOutput {
  readonly name: string;
  /** `[relative path, content]`, sorted by path; empty when there are issues. */
  readonly files: ReadonlyArray<readonly [string, string]>;
  readonly issues: readonly Issue[];
  readonly objectCount: number;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function synthEnvironment(env: Environment, sourceCommit: string | null): EnvironmentOutput {
  const issues: Issue[] = [];
  const fail = (field: string, problem: string, component?: string) =>
    issues.push({ env: env.name, component, field, problem });
  const failed = (): EnvironmentOutput => ({ name: env.name, files: [], issues, objectCount: 0 });

  if (!DNS_LABEL.test(env.name)) fail('name', `"${env.name}" must be a DNS label`);
  if (!DNS_LABEL.test(env.destination.namespace)) {
    fail('destination.namespace', `"${env.destination.namespace}" must be a DNS label`);
  }
  if (!env.destination.cluster) fail('destination.cluster', 'must not be empty');
  if (issues.length) return failed();

  const app = new App({ outdir: '.' });
  const chart = new EnvironmentChart(app, env);
  try {
    env.build(chart);
  } catch (err) {
    fail('build', (err as Error).message);
  }
  issues.push(...chart.issues);
  if (issues.length) return failed();

  // Construct-level validation (cdk8s-plus validates e.g. pods and selectors).
  const all = chart.node.findAll();
  const apiObjects: ApiObject[] = [];
  for (const c of all) {
    for (const problem of c.node.validate()) fail(c.node.path, problem, Component.of(c)?.name);
    if (c instanceof ApiObject) apiObjects.push(c);
  }
  if (issues.length) return failed();

  const infos = new Map<Component, ComponentInfo>();
  const infoOf = (c: Component | undefined): ComponentInfo | undefined => {
    if (!c) return undefined;
    let info = infos.get(c);
    if (!info) {
      info = { name: c.name, kind: c.kind, team: c.team, version: c.version };
      infos.set(c, info);
    }
    return info;
  };

  const objects: Array<{ obj: KubeObject; component?: ComponentInfo }> = [];
  for (const o of apiObjects) {
    const component = infoOf(Component.of(o));
    try {
      const obj = o.toJson() as KubeObject;
      if (!isClusterScoped(obj.kind)) obj.metadata.namespace = env.destination.namespace;
      objects.push({ obj, component });
    } catch (err) {
      fail(o.node.path, (err as Error).message, component?.name);
    }
  }

  const policies = env.policies();
  const relaxed = new Set(env.relaxations);
  for (const { obj, component } of objects) {
    const ctx: PolicyContext = {
      env,
      component,
      report: (field, problem) => fail(`${obj.kind}/${obj.metadata.name} ${field}`, problem, component?.name),
    };
    for (const p of policies) p.apply(obj, ctx);
    for (const check of CHECKS) {
      if (relaxed.has(check.relaxation)) continue;
      for (const f of check.check(obj, component)) fail(f.field, f.problem, component?.name);
    }
  }

  const infra = describeInfra(env, chart.needs);
  issues.push(...infra.issues);
  const needSecrets = new Map(infra.description?.needs.map((n) => [n.name, n]) ?? []);

  const files = new Map<string, string>();
  for (const { obj, component } of objects) {
    const need = obj.kind === 'Secret' ? needSecrets.get(obj.metadata.name) : undefined;
    if (need) {
      fail(
        `Secret/${obj.metadata.name}`,
        `is also the connection Secret of the ${need.kind} need of ${need.component}, which the infra stack creates; rename one`,
        component?.name,
      );
    }
    const path = `manifests/${manifestFileName(obj)}`;
    if (files.has(path)) {
      fail(`${obj.kind}/${obj.metadata.name}`, 'is defined twice in this environment', component?.name);
      continue;
    }
    files.set(path, toYaml(obj));
  }
  if (issues.length) return failed();

  const manifests = [...files.keys()].sort();
  files.set(INFRA_FILE, serialiseInfraDescription(infra.description!));
  files.set('environment.json', environmentJson(env, sourceCommit, infra.description!, manifests));
  const sorted = [...files.entries()].sort((a, b) => cmp(a[0], b[0]));
  return { name: env.name, files: sorted, issues, objectCount: objects.length };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
