/**
 * Dependency edges between desired objects: explicit `ferry.dev/depends-on`, plus the implicit
 * ones every sync needs — an object depends on its Namespace and a custom resource on its CRD
 * when those are in the same desired set.
 */
import {
  DependencyCycleError,
  PlanError,
  formatRef,
  groupKindKey,
  parseRef,
  refKey,
  type DesiredObject,
  type KubeObject,
} from '../model';
import { cmp } from './kind-order';

/** object key → keys of the objects it depends on (sorted, no duplicates). */
export type DependencyGraph = ReadonlyMap<string, readonly string[]>;

function crdGroupKind(manifest: KubeObject): string | undefined {
  const spec = manifest.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
  return typeof spec?.group === 'string' && typeof spec.names?.kind === 'string'
    ? groupKindKey(spec.group, spec.names.kind)
    : undefined;
}

/** Build the graph; throws PlanError naming every dependency that is not in the desired set. */
export function dependencyGraph(objects: readonly DesiredObject[]): DependencyGraph {
  const keys = new Set(objects.map((o) => refKey(o.ref)));
  const namespaces = new Map<string, string>();
  const crds = new Map<string, string>();
  for (const o of objects) {
    if (o.ref.group === '' && o.ref.kind === 'Namespace') namespaces.set(o.ref.name, refKey(o.ref));
    if (o.ref.group === 'apiextensions.k8s.io' && o.ref.kind === 'CustomResourceDefinition') {
      const gk = crdGroupKind(o.manifest);
      if (gk) crds.set(gk, refKey(o.ref));
    }
  }
  const missing: string[] = [];
  const graph = new Map<string, string[]>();
  for (const o of objects) {
    const self = refKey(o.ref);
    const deps = new Set<string>();
    for (const d of o.sync.dependsOn) {
      const k = refKey(d);
      if (keys.has(k)) deps.add(k);
      else
        missing.push(
          `${formatRef(o.ref)} (${o.file}) depends on ${k}, which is not part of this environment`,
        );
    }
    const ns = o.ref.namespace ? namespaces.get(o.ref.namespace) : undefined;
    if (ns && ns !== self) deps.add(ns);
    const crd = crds.get(groupKindKey(o.ref.group, o.ref.kind));
    if (crd && crd !== self) deps.add(crd);
    graph.set(self, [...deps].sort(cmp));
  }
  if (missing.length > 0) {
    throw new PlanError(
      `${missing.length} unresolved ferry.dev/depends-on reference${missing.length === 1 ? '' : 's'}:\n` +
        missing.map((m) => `  ${m}`).join('\n') +
        '\n  depends-on must name an object of the same environment as <group>/<Kind>/<namespace>/<name>',
    );
  }
  return graph;
}

/** The first cycle found (deterministically), as keys in dependency order, or undefined. */
export function findCycle(graph: DependencyGraph): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (key: string): string[] | undefined => {
    if (state.get(key) === 'done') return undefined;
    if (state.get(key) === 'visiting') return stack.slice(stack.indexOf(key));
    state.set(key, 'visiting');
    stack.push(key);
    for (const dep of graph.get(key) ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(key, 'done');
    return undefined;
  };
  for (const key of [...graph.keys()].sort(cmp)) {
    const cycle = visit(key);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Throws DependencyCycleError naming the objects of the cycle. */
export function assertAcyclic(graph: DependencyGraph): void {
  const cycle = findCycle(graph);
  if (cycle) throw new DependencyCycleError(cycle.map((k) => parseRef(k)!));
}
