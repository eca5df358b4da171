/**
 * Check desired objects against the kinds the API server serves (plus CRDs in the same set), and
 * settle namespaces: a namespaced object without one gets the environment's destination
 * namespace; a cluster-scoped object must not name one. Throws one ManifestError for all problems.
 */
import {
  DEFAULT_SYNC_OPTIONS,
  ManifestError,
  formatRef,
  groupKindKey,
  type DesiredObject,
  type KubeObject,
  type ManifestProblem,
} from '../model';
import { findDuplicates } from './duplicates';

export interface KindInfo {
  readonly namespaced: boolean;
  /** Every version the server serves for the kind; absent when unknown (then any is accepted). */
  readonly versions?: readonly string[];
}

/** What API discovery knows about a group/kind (e.g. the kube adapter's `Discovery.lookupKind`). */
export type KnownKinds = (group: string, kind: string) => KindInfo | undefined;

export interface CheckKindsOptions {
  /** The environment's destination namespace: the default for namespaced objects. */
  readonly defaultNamespace: string;
}

export const CRD_GROUP = 'apiextensions.k8s.io';

export function isCrd(o: { ref: { group: string; kind: string } }): boolean {
  return o.ref.group === CRD_GROUP && o.ref.kind === 'CustomResourceDefinition';
}

export interface CrdDefinition {
  readonly group: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly versions: readonly string[];
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** group/kind/scope/versions a CRD manifest defines, or undefined if its spec is incomplete. */
export function crdDefinition(manifest: KubeObject): CrdDefinition | undefined {
  const spec = record(manifest.spec);
  const names = record(spec.names);
  if (typeof spec.group !== 'string' || typeof names.kind !== 'string') return undefined;
  const versions = Array.isArray(spec.versions)
    ? spec.versions.map((v) => record(v).name).filter((n): n is string => typeof n === 'string')
    : [];
  return { group: spec.group, kind: names.kind, namespaced: spec.scope !== 'Cluster', versions };
}

function withNamespace(o: DesiredObject, namespace: string): DesiredObject {
  return {
    ...o,
    ref: { ...o.ref, namespace },
    manifest: { ...o.manifest, metadata: { ...o.manifest.metadata, namespace } },
  };
}

/**
 * Namespaces to create for objects with `CreateNamespace=true` whose namespace neither exists nor
 * is declared: Ferry creates them, and never deletes them (Prune=false, Delete=false), as Argo CD
 * does for the namespaces it creates.
 */
export function namespacesToCreate(
  objects: readonly DesiredObject[],
  exists: (namespace: string) => boolean,
): DesiredObject[] {
  const declared = new Set(
    objects.filter((o) => o.ref.kind === 'Namespace' && o.ref.group === '').map((o) => o.ref.name),
  );
  const wanted = new Map<string, DesiredObject>();
  for (const o of objects) {
    const ns = o.ref.namespace;
    if (!ns || !o.sync.syncOptions.createNamespace || declared.has(ns) || exists(ns) || wanted.has(ns))
      continue;
    wanted.set(ns, {
      ref: { group: '', version: 'v1', kind: 'Namespace', name: ns },
      manifest: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      file: `${o.file} (CreateNamespace=true)`,
      sync: {
        wave: o.sync.wave,
        hook: { kind: 'none' },
        dependsOn: [],
        syncOptions: { ...DEFAULT_SYNC_OPTIONS, prune: false, delete: false },
      },
    });
  }
  return [...wanted.values()];
}

export function checkKinds(
  objects: readonly DesiredObject[],
  knownKinds: KnownKinds,
  options: CheckKindsOptions,
): DesiredObject[] {
  const problems: ManifestProblem[] = [];
  const defined = new Map<string, CrdDefinition>();
  for (const o of objects.filter(isCrd)) {
    const def = crdDefinition(o.manifest);
    if (!def) {
      problems.push({
        file: o.file,
        object: formatRef(o.ref),
        message: 'CustomResourceDefinition lacks spec.group or spec.names.kind',
      });
    } else {
      defined.set(groupKindKey(def.group, def.kind), def);
    }
  }
  const out: DesiredObject[] = [];
  for (const o of objects) {
    const { group, kind } = o.ref;
    const crd = defined.get(groupKindKey(group, kind));
    const served = knownKinds(group, kind);
    const info = crd ?? served;
    const where = { file: o.file, object: formatRef(o.ref) };
    if (!info && o.sync.syncOptions.skipDryRunOnMissingResource) {
      // Its CRD comes from elsewhere: accepted now, applied (or failed) when its turn comes.
      out.push(o.ref.namespace ? o : withNamespace(o, options.defaultNamespace));
      continue;
    }
    if (!info) {
      problems.push({
        ...where,
        message:
          `kind ${kind} (apiVersion ${o.manifest.apiVersion}) is not served by the API server and no ` +
          'CustomResourceDefinition in this environment defines it: check the apiVersion or add the CRD',
      });
      continue;
    }
    if (!crd && served?.versions && o.ref.version && !served.versions.includes(o.ref.version)) {
      problems.push({
        ...where,
        message:
          `apiVersion ${o.manifest.apiVersion} is not served by the API server (it serves ${kind} in ` +
          `${served.versions.map((v) => (group ? `${group}/${v}` : v)).join(', ')}): update the apiVersion`,
      });
      continue;
    }
    if (crd && crd.versions.length > 0 && o.ref.version && !crd.versions.includes(o.ref.version)) {
      problems.push({
        ...where,
        message: `version ${o.ref.version} is not defined by the CustomResourceDefinition (it defines ${crd.versions.join(', ')})`,
      });
      continue;
    }
    if (!info.namespaced) {
      if (o.ref.namespace) {
        problems.push({
          ...where,
          message: `${kind} is cluster-scoped but sets metadata.namespace "${o.ref.namespace}": remove it`,
        });
        continue;
      }
      out.push(o);
    } else if (o.ref.namespace) {
      out.push(o);
    } else {
      out.push(withNamespace(o, options.defaultNamespace));
    }
  }
  problems.push(...findDuplicates(out));
  if (problems.length > 0) throw new ManifestError(problems);
  return out;
}
