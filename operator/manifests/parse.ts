/**
 * YAML text → DesiredObject[]. Pure: the caller reads the files. Every problem is collected with
 * its file and object and thrown once as a ManifestError; warnings travel beside the objects.
 *
 * YAML is read with 1.1 semantics, as kubectl, Helm and Argo CD read it (sigs.k8s.io/yaml):
 * `defaultMode: 0755` is octal 493, `yes`/`on` are booleans. Sexagesimal numbers and timestamps
 * stay strings, as they do there.
 */
import { isScalar, parseAllDocuments, type Document, type DocumentOptions, type SchemaOptions } from 'yaml';
import {
  ANNOTATIONS,
  ManifestError,
  formatRef,
  splitApiVersion,
  type DesiredObject,
  type KubeObject,
  type ManifestProblem,
  type ObjectRef,
} from '../model';
import { parseSyncAnnotations } from './annotations';
import { findDuplicates } from './duplicates';

export interface ManifestFile {
  /** Path relative to the environment folder, used in messages. */
  readonly path: string;
  readonly content: string;
}

export interface ParseResult {
  readonly objects: readonly DesiredObject[];
  readonly problems: readonly ManifestProblem[];
  readonly warnings: readonly ManifestProblem[];
}

/** kubectl's YAML: 1.1 scalars, without the sexagesimal and timestamp types go-yaml v2 leaves alone. */
export const YAML_OPTIONS: DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags) =>
    tags.filter((t) =>
      typeof t === 'string'
        ? !['intTime', 'floatTime', 'timestamp'].includes(t)
        : t.format !== 'TIME' && t.tag !== 'tag:yaml.org,2002:timestamp',
    ),
};

function hookAnnotated(annotations: Record<string, string>): boolean {
  return ['ferry.dev/hook', 'argocd.argoproj.io/hook', 'helm.sh/hook'].some(
    (k) => annotations[k] !== undefined,
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return `a ${typeof v}`;
}

/** `yaml`'s messages end with " at line L, column C:" and a code frame; keep the first sentence. */
function yamlMessage(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

/** `---` followed by nothing (or only comments). */
function isEmptyDocument(doc: Document): boolean {
  return doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null);
}

/** Parse and validate one object; returns problems as messages about that object. */
function toDesired(
  value: unknown,
  file: string,
  position: string,
): { object?: DesiredObject; label: string; problems: string[]; warnings: string[] } {
  if (!isRecord(value)) {
    return {
      label: position,
      problems: [`expected a Kubernetes object (a mapping), got ${describeType(value)}`],
      warnings: [],
    };
  }
  const problems: string[] = [];
  const { apiVersion, kind } = value;
  const metadata = value.metadata;
  const meta = isRecord(metadata) ? metadata : undefined;
  const generateName = typeof meta?.generateName === 'string' ? meta.generateName : undefined;
  const name = typeof meta?.name === 'string' && meta.name !== '' ? meta.name : generateName;
  const namespace = meta?.namespace;
  const label =
    typeof kind === 'string' && typeof name === 'string'
      ? formatRef({ group: '', kind, name, namespace: typeof namespace === 'string' ? namespace : undefined })
      : position;

  if (typeof apiVersion !== 'string' || apiVersion.trim() === '') problems.push('missing apiVersion');
  if (typeof kind !== 'string' || kind.trim() === '') problems.push('missing kind');
  if (!meta) problems.push('missing metadata');
  else if (typeof name !== 'string' || name === '') problems.push('missing metadata.name');
  if (namespace !== undefined && (typeof namespace !== 'string' || namespace === '')) {
    problems.push(`metadata.namespace must be a non-empty string, got ${describeType(namespace)}`);
  }
  if (typeof kind === 'string' && kind !== 'List' && kind.endsWith('List') && Array.isArray(value.items)) {
    problems.push(`${kind} is not supported: write one object per YAML document`);
  } else if (kind === 'List') {
    problems.push('List is not supported: write one object per YAML document');
  }

  const rawAnnotations = meta?.annotations;
  const annotations: Record<string, string> = {};
  if (rawAnnotations !== undefined && !isRecord(rawAnnotations)) {
    problems.push(`metadata.annotations must be a mapping, got ${describeType(rawAnnotations)}`);
  } else if (rawAnnotations) {
    for (const [k, v] of Object.entries(rawAnnotations)) {
      if (typeof v === 'string') annotations[k] = v;
      else problems.push(`annotation ${k} must be a string, got ${describeType(v)} (quote it in YAML)`);
    }
  }
  if (annotations[ANNOTATIONS.trackingId] !== undefined) {
    problems.push(
      `${ANNOTATIONS.trackingId} is set by the operator at apply time; remove it from the manifest`,
    );
  }
  if (!meta?.name && generateName !== undefined && !hookAnnotated(annotations)) {
    problems.push(
      'metadata.generateName without metadata.name is only supported on hooks (Ferry tracks objects by name)',
    );
  }
  if (problems.length > 0) return { label, problems, warnings: [] };

  const { group, version } = splitApiVersion(apiVersion as string);
  const ref: ObjectRef = {
    group,
    version,
    kind: kind as string,
    name: name as string,
    ...(typeof namespace === 'string' ? { namespace } : {}),
  };
  const sync = parseSyncAnnotations(annotations, ref);
  const warnings = [...(sync.warnings ?? [])];
  if (sync.problems.length > 0) return { label, problems: [...sync.problems], warnings };
  if (!meta?.name && sync.value.hook.kind !== 'hook') {
    return { label, problems: ['metadata.generateName is only supported on hooks'], warnings };
  }
  return {
    object: {
      ref,
      manifest: value as unknown as KubeObject,
      file,
      sync: sync.value,
      ...(meta?.name ? {} : { generateName: true }),
    },
    label,
    problems: [],
    warnings,
  };
}

/** Parse without throwing: objects that parsed cleanly plus every problem found. */
export function collectManifests(files: readonly ManifestFile[]): ParseResult {
  const objects: DesiredObject[] = [];
  const problems: ManifestProblem[] = [];
  const warnings: ManifestProblem[] = [];
  for (const file of files) {
    const docs = parseAllDocuments(file.content, YAML_OPTIONS);
    const list = Array.isArray(docs) ? docs : [docs];
    const nonEmpty = list.filter((d) => d.errors.length > 0 || !isEmptyDocument(d));
    nonEmpty.forEach((doc, i) => {
      const position = nonEmpty.length > 1 ? `document ${i + 1}` : undefined;
      if (doc.errors.length > 0) {
        for (const e of doc.errors) {
          const at = e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
          problems.push({
            file: file.path,
            object: position,
            message: `YAML error${at}: ${yamlMessage(e.message)}`,
          });
        }
        return;
      }
      let value: unknown;
      try {
        value = doc.toJS();
      } catch (err) {
        problems.push({
          file: file.path,
          object: position,
          message: `YAML error: ${(err as Error).message}`,
        });
        return;
      }
      const r = toDesired(value, file.path, position ?? 'document 1');
      if (r.object) objects.push(r.object);
      for (const message of r.problems) problems.push({ file: file.path, object: r.label, message });
      for (const message of r.warnings) warnings.push({ file: file.path, object: r.label, message });
    });
    if (nonEmpty.length === 0)
      problems.push({ file: file.path, message: 'empty file: expected a Kubernetes object' });
  }
  return { objects, problems: [...problems, ...findDuplicates(objects)], warnings };
}

/**
 * Parse manifest files into desired objects. Accepts multi-document YAML (`---`). Throws one
 * ManifestError listing every `file: object: problem` when anything is wrong.
 */
export function parseManifests(files: readonly ManifestFile[]): DesiredObject[] {
  const { objects, problems } = collectManifests(files);
  if (problems.length > 0) throw new ManifestError(problems);
  return [...objects];
}
