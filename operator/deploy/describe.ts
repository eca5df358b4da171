/**
 * What a changed file of an environment folder means for a reviewer: which object, created,
 * changed or deleted, which fields, and which images it runs before and after. Pure.
 */
import { parseAllDocuments } from 'yaml';
import { fieldChanges, type FieldChange } from './fields';
import { imagesIn } from './images';

export interface ObjectChange {
  /** Path inside the environment folder. */
  readonly file: string;
  /** `Deployment/shop-dev/worker`, or the file path for non-manifests. */
  readonly object: string;
  readonly action: 'create' | 'change' | 'delete';
  readonly fields: readonly FieldChange[];
}

export interface FileDescription {
  readonly change: ObjectChange;
  readonly imagesBefore: readonly string[];
  readonly imagesAfter: readonly string[];
}

function parse(file: string, text: string | null): unknown {
  if (text === null) return undefined;
  try {
    if (/\.ya?ml$/.test(file)) {
      const docs = parseAllDocuments(text);
      if (!Array.isArray(docs)) return undefined;
      const values = docs.map((d) => d.toJS() as unknown).filter((v) => v !== null && v !== undefined);
      return values.length === 1 ? values[0] : values;
    }
    if (file.endsWith('.json')) return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  return undefined;
}

function label(file: string, doc: unknown): string {
  const d = doc as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | undefined;
  if (d && typeof d.kind === 'string' && typeof d.metadata?.name === 'string') {
    return typeof d.metadata.namespace === 'string'
      ? `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`
      : `${d.kind}/${d.metadata.name}`;
  }
  return file;
}

/**
 * `detail: false` skips parsing files that run no image (no `image` in their text): the object is
 * then named by its file and no fields are listed. Parsing thousands of manifests costs seconds.
 */
export function describeFile(
  file: string,
  before: string | null,
  after: string | null,
  detail = true,
): FileDescription {
  const action = before === null ? 'create' : after === null ? 'delete' : 'change';
  if (!detail && !before?.includes('image') && !after?.includes('image')) {
    return { change: { file, object: file, action, fields: [] }, imagesBefore: [], imagesAfter: [] };
  }
  const b = parse(file, before);
  const a = parse(file, after);
  const fields =
    action === 'change' && b !== undefined && a !== undefined
      ? fieldChanges(b, a)
      : action === 'change'
        ? [{ path: '(content)', before: '…', after: '…' }]
        : [];
  return {
    change: { file, object: label(file, a ?? b), action, fields },
    imagesBefore: b === undefined ? [] : imagesIn(b),
    imagesAfter: a === undefined ? [] : imagesIn(a),
  };
}

/** Whether two environment.json texts differ only in `sourceCommit` (or not at all). */
export function sameApartFromSourceCommit(before: string, after: string): boolean {
  try {
    const strip = (t: string) => JSON.stringify({ ...(JSON.parse(t) as object), sourceCommit: null });
    return strip(before) === strip(after);
  } catch {
    return before === after;
  }
}
