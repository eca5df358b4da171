/**
 * Synthesises one environment in memory: validate the environment → construct → objects (cdk8s
 * `toJson`) → namespace → trim defaults → policies (their changes become notes) → config hashes
 * → checks → files. Nothing touches the disk here, so a failing environment can never leave a
 * half-written folder.
 */
import { ApiObject, App } from 'cdk8s';
import { Component } from '../component';
import { EnvironmentChart } from '../environment-chart';
import type { Environment } from '../environment';
import type { Issue } from '../issues';
import { footprintOf, EMPTY_FOOTPRINT, type Footprint } from '../operator/footprint';
import { isDuration } from '../operator/openapi';
import { DELETION_POLICIES } from '../operator/environment-schema';
import { containersOf, isClusterScoped, podSpecOf, type KubeObject } from '../kube-object';
import type { ComponentInfo, PolicyContext } from '../policies/policy';
import { CHECK_NAMES } from '../relax';
import { constructorOnStack, messageOf, userFrame } from './blame';
import { CHECKS, indexEnvironment } from './checks';
import { addConfigHashes } from './config-hash';
import { environmentJson } from './environment-json';
import { describeInfra } from './infra-description';
import { INFRA_FILE } from '../../operator/model';
import { serialiseInfraDescription } from '../../operator/manifests/infra';
import { manifestFileName } from './file-name';
import { toYaml } from './serialise';
import { trimDefaults } from './trim-defaults';

export interface EnvironmentOutput {
  readonly name: string;
  /** `[relative path, content]`, sorted by path; empty when there are issues. */
  readonly files: ReadonlyArray<readonly [string, string]>;
  readonly issues: readonly Issue[];
  /** Values a policy changed (e.g. a replica count clamped), printed by synth. */
  readonly notes: readonly Issue[];
  readonly objectCount: number;
  /** The kinds, custom kinds and RBAC roles it writes (the operator's RBAC is computed from them). */
  readonly footprint: Footprint;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

type Fail = (field: string, problem: string, component?: string) => void;

function validateEnvironment(env: Environment, fail: Fail): void {
  if (typeof env.name !== 'string' || !DNS_LABEL.test(env.name))
    fail('name', `"${env.name}" must be a DNS label`);
  const dest = env.destination;
  if (!dest || typeof dest !== 'object') {
    fail('destination', 'is required: { cluster, namespace }');
  } else {
    if (typeof dest.namespace !== 'string' || !DNS_LABEL.test(dest.namespace)) {
      fail('destination.namespace', `"${dest.namespace}" must be a DNS label`);
    }
    if (typeof dest.cluster !== 'string' || !dest.cluster) fail('destination.cluster', 'must not be empty');
  }
  if (!env.sizing || typeof env.sizing.problems !== 'function') {
    fail('sizing', 'is required: Sizing.small(), Sizing.medium(), Sizing.large() or Sizing.custom(…)');
  } else {
    for (const [f, p] of env.sizing.problems()) fail(`sizing.${f}`, p);
  }
  if (typeof env.interval !== 'string' || !isDuration(env.interval) || !/[1-9]/.test(env.interval))
    fail('interval', `${JSON.stringify(env.interval)} is not a duration above zero; use e.g. 30s, 1m or 1h`);
  if (!DELETION_POLICIES.includes(env.deletionPolicy))
    fail('deletionPolicy', `${JSON.stringify(env.deletionPolicy)} must be ${DELETION_POLICIES.join(' or ')}`);
  (env.relaxations ?? []).forEach((r, i) => {
    if (!CHECK_NAMES.includes(r))
      fail(`relaxations[${i}]`, `"${r}" is not a check (${CHECK_NAMES.join(', ')})`);
  });
}

/** Names the component whose constructor threw, else the line of the user's code. */
function blameBuild(err: unknown, chart: EnvironmentChart, fail: Fail): void {
  const culprit = [...chart.created].reverse().find((c) => constructorOnStack(err, c.constructor.name));
  if (culprit) {
    fail('constructor', messageOf(err), culprit.name);
    return;
  }
  const at = userFrame(err);
  fail('build', `${messageOf(err)}${at ? ` (at ${at})` : ''}`);
}

export function synthEnvironment(env: Environment, sourceCommit: string | null): EnvironmentOutput {
  const issues: Issue[] = [];
  const notes: Issue[] = [];
  const fail: Fail = (field, problem, component) => issues.push({ env: env.name, component, field, problem });
  const failed = (): EnvironmentOutput => ({
    name: env.name,
    files: [],
    issues,
    notes: [],
    objectCount: 0,
    footprint: EMPTY_FOOTPRINT,
  });

  validateEnvironment(env, fail);
  if (issues.length) return failed();

  const app = new App({ outdir: '.' });
  const chart = new EnvironmentChart(app, env);
  try {
    env.build(chart);
  } catch (err) {
    blameBuild(err, chart, fail);
  }
  issues.push(...chart.issues);
  if (issues.length) return failed();

  // Construct-level validation (cdk8s-plus validates e.g. pods and selectors).
  const apiObjects: ApiObject[] = [];
  for (const c of chart.node.findAll()) {
    for (const problem of c.node.validate()) fail(c.node.path, problem, Component.of(c)?.name);
    if (c instanceof ApiObject) apiObjects.push(c);
  }
  if (issues.length) return failed();

  const infos = new Map<Component, ComponentInfo>();
  const infoOf = (c: Component | undefined): ComponentInfo | undefined => {
    if (!c) return undefined;
    let info = infos.get(c);
    if (!info) {
      info = {
        name: c.name,
        kind: c.kind,
        team: c.team,
        version: c.version,
        resources: c.pinnedResources,
        relaxed: c.relaxed,
      };
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
      trimDefaults(obj);
      pinResources(obj, component);
      objects.push({ obj, component });
    } catch (err) {
      fail(o.node.path, messageOf(err), component?.name);
    }
  }

  const policies = env.policies();
  for (const { obj, component } of objects) {
    const at = `${obj.kind}/${obj.metadata.name}`;
    const ctx: PolicyContext = {
      env,
      component,
      report: (field, problem) => fail(`${at} ${field}`, problem, component?.name),
      note: (field, message) =>
        notes.push({ env: env.name, component: component?.name, field: `${at} ${field}`, problem: message }),
    };
    for (const p of policies) p.apply(obj, ctx);
  }
  addConfigHashes(objects.map((o) => o.obj));

  const index = indexEnvironment(
    env.destination.namespace,
    objects.map((o) => o.obj),
    chart.needs,
  );
  const relaxed = new Set(env.relaxations);
  for (const { obj, component } of objects) {
    for (const check of CHECKS) {
      if (check.name !== 'missing-value' && (relaxed.has(check.name) || component?.relaxed.has(check.name)))
        continue;
      for (const f of check.check(obj, { component, env: index })) fail(f.field, f.problem, component?.name);
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
  const footprint = footprintOf(objects.map((o) => o.obj));
  return { name: env.name, files: sorted, issues, notes, objectCount: objects.length, footprint };
}

/** A component's pinned resources, exactly as given (cdk8s-plus would rewrite '0.5' or '1Gi'). */
function pinResources(obj: KubeObject, component: ComponentInfo | undefined): void {
  const pod = podSpecOf(obj);
  if (!pod || !component?.resources) return;
  for (const c of containersOf(pod)) c.resources = component.resources.toJson();
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
