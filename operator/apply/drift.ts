/**
 * Before the first write of a sync, every desired object is assessed against the server — the
 * whole set at once, as Argo CD does — so an object the API server would reject (an invalid name,
 * a field the schema refuses, an immutable change without Replace=true, another environment's
 * object) stops the sync with every problem listed and nothing written.
 *
 * Per object, cheapest first:
 * - up to date (applied-hash matches and every field is still live, see compare.ts): no request;
 * - otherwise one server-side dry run (`fieldValidation=Strict` unless `Validate=false`) — of
 *   the apply for objects that exist, of the create for objects that do not (in a stand-in
 *   namespace when theirs is created by this same sync), of a `generateName` create for hooks.
 * Custom resources whose CRD arrives in the same sync cannot be dry-run; they are checked when
 * applied (Argo CD skips them the same way).
 */
import type { KubeObject, KubeObjects } from '../adapters/kube';
import { KubeApiError } from '../adapters/kube';
import { mapLimit } from '../adapters/clock';
import { ObjectError, refKey, type DesiredObject } from '../model';
import { trackingId } from '../inventory';
import { adoptableManagers } from './adopt';
import { comparable, fieldChanges, type FieldChange } from './compare';
import { fieldValidation, manifestToApply, ownershipConflict, upToDate } from './manifest';
import type { LiveIndex } from './live';
import { gvkOf, type Normalization } from './normalization';
import { stripUndeclared } from './undeclared';

/** What applying one object would do. */
export type Drift =
  | { readonly kind: 'unchanged'; readonly changes: readonly FieldChange[] }
  | {
      readonly kind: 'missing';
      readonly changes: readonly FieldChange[];
      /** The manifest to apply when it differs from the desired one (Validate=false dropped fields). */
      readonly manifest?: KubeObject;
      readonly dropped?: readonly string[];
    }
  | {
      readonly kind: 'changed';
      readonly changes: readonly FieldChange[];
      /** The dry-run result: what the object would become. */
      readonly wouldBe: KubeObject;
      /** Applying needs fields another field manager owns (the changes assume Force=true). */
      readonly conflict?: string;
      /** Field managers whose fields the apply takes over (see adopt.ts). */
      readonly adopt?: readonly string[];
      readonly manifest?: KubeObject;
      readonly dropped?: readonly string[];
    }
  /** An immutable field changed and the object allows Replace/Force: it is deleted and created. */
  | { readonly kind: 'recreate'; readonly changes: readonly FieldChange[]; readonly reason: string }
  /** The server would refuse it: the sync must not start. */
  | { readonly kind: 'rejected'; readonly changes: readonly FieldChange[]; readonly message: string }
  /** Cannot be checked before the sync (its kind is not served yet); checked when applied. */
  | { readonly kind: 'unchecked'; readonly changes: readonly FieldChange[]; readonly reason: string };

export interface AssessContext {
  readonly kube: KubeObjects;
  readonly env: string;
  readonly live: LiveIndex;
  readonly normalization: Normalization;
  /** Namespaces that exist in the cluster now. */
  readonly namespaces: ReadonlySet<string>;
  readonly signal?: AbortSignal;
  /** @default 16 */
  readonly concurrency?: number;
}

/** Where objects of a namespace that does not exist yet are dry-run. */
export const STAND_IN_NAMESPACE = 'default';

function conflictMessage(err: KubeApiError): string {
  const fields = (err.details.causes ?? []).map((c) => c.field ?? c.message).filter(Boolean);
  return (
    `field-manager conflict${fields.length ? ` on ${fields.join(', ')}` : ''}: another manager owns these fields. ` +
    'Remove the other writer, or give the object the sync option Force=true to take them over.'
  );
}

export { conflictMessage };

/** A server refusal as a drift, or rethrow what is not the object's fault (5xx, network). */
function refusal(d: DesiredObject, err: unknown): Drift {
  if (!(err instanceof KubeApiError) || err.code >= 500 || err.code === 429) {
    throw new ObjectError(d.ref, 'dry-run apply', (err as Error).message, { cause: err });
  }
  const opts = d.sync.syncOptions;
  if (err.immutableField) {
    if (opts.replace || opts.force) return { kind: 'recreate', changes: [], reason: err.serverMessage };
    return {
      kind: 'rejected',
      changes: [],
      message:
        `${err.serverMessage}. The change needs the object to be recreated: add the sync option Replace=true ` +
        '(or Force=true) to let Ferry delete and create it.',
    };
  }
  return { kind: 'rejected', changes: [], message: err.serverMessage };
}

/**
 * A server-side dry-run apply. For `Validate=false` objects, fields the server's schema does not
 * declare are dropped and the dry run repeated (undeclared.ts).
 */
async function dryApply(
  ctx: AssessContext,
  d: DesiredObject,
  manifest: KubeObject,
  force: boolean,
): Promise<{ answer: KubeObject; manifest: KubeObject; dropped?: string[] }> {
  const opts = { dryRun: true, force, fieldValidation: fieldValidation(d), signal: ctx.signal };
  try {
    return { answer: await ctx.kube.apply(manifest, opts), manifest };
  } catch (err) {
    const stripped =
      !d.sync.syncOptions.validate &&
      err instanceof KubeApiError &&
      stripUndeclared(manifest, err.serverMessage);
    if (!stripped) throw err;
    const answer = await ctx.kube.apply(stripped.manifest, opts);
    return { answer, manifest: stripped.manifest, dropped: stripped.removed };
  }
}

/** A hook is created anew each run: validate it as a `generateName` create. */
async function assessHook(ctx: AssessContext, d: DesiredObject): Promise<Drift> {
  const manifest = manifestToApply(d, ctx.env);
  const ns = manifest.metadata.namespace;
  const namespace = ns && !ctx.namespaces.has(ns) ? STAND_IN_NAMESPACE : ns;
  const { name: _name, ...meta } = manifest.metadata;
  const probe = {
    ...manifest,
    metadata: { ...meta, generateName: d.generateName ? d.ref.name : `${d.ref.name}-`, namespace },
  };
  try {
    await ctx.kube.create(probe, { dryRun: true, fieldValidation: fieldValidation(d), signal: ctx.signal });
    return { kind: 'missing', changes: [] };
  } catch (err) {
    return refusal(d, err);
  }
}

async function assessMissing(ctx: AssessContext, d: DesiredObject, manifest: KubeObject): Promise<Drift> {
  const ns = manifest.metadata.namespace;
  const validation = fieldValidation(d);
  try {
    if (ns && !ctx.namespaces.has(ns)) {
      const probe = { ...manifest, metadata: { ...manifest.metadata, namespace: STAND_IN_NAMESPACE } };
      try {
        await ctx.kube.create(probe, { dryRun: true, fieldValidation: validation, signal: ctx.signal });
      } catch (err) {
        if (err instanceof KubeApiError && (err.alreadyExists || err.notFound)) {
          return { kind: 'unchecked', changes: [], reason: `namespace ${ns} is created by this sync` };
        }
        throw err;
      }
      return { kind: 'missing', changes: [] };
    }
    const dry = await dryApply(ctx, d, manifest, d.sync.syncOptions.force);
    ctx.normalization.learn(dry.manifest, dry.answer);
    return dry.dropped
      ? { kind: 'missing', changes: [], manifest: dry.manifest, dropped: dry.dropped }
      : { kind: 'missing', changes: [] };
  } catch (err) {
    return refusal(d, err);
  }
}

/** Assess one object (see the file header). Never writes. */
export async function assess(ctx: AssessContext, d: DesiredObject): Promise<Drift> {
  if (d.sync.hook.kind === 'hook') return assessHook(ctx, d);
  if (!ctx.kube.discovery.lookup(d.manifest.apiVersion, d.manifest.kind)) {
    return {
      kind: 'unchecked',
      changes: [],
      reason: `${d.ref.kind} is not served yet (its CRD comes first)`,
    };
  }
  const manifest = manifestToApply(d, ctx.env);
  const live = ctx.live.get(refKey(d.ref));
  if (!live) return assessMissing(ctx, d, manifest);
  const foreign = ownershipConflict(live, trackingId(ctx.env, d.ref));
  if (foreign) return { kind: 'rejected', changes: [], message: foreign };
  const adopt = adoptableManagers(live);
  if (adopt.length === 0 && upToDate(manifest, live, ctx.normalization.droppedPaths(gvkOf(manifest)))) {
    return { kind: 'unchanged', changes: [] };
  }
  let conflict: string | undefined;
  let dry: Awaited<ReturnType<typeof dryApply>>;
  try {
    try {
      dry = await dryApply(ctx, d, manifest, d.sync.syncOptions.force);
    } catch (err) {
      if (!(err instanceof KubeApiError) || !err.conflict) throw err;
      conflict = conflictMessage(err);
      dry = await dryApply(ctx, d, manifest, true);
    }
  } catch (err) {
    return refusal(d, err);
  }
  const wouldBe = dry.answer;
  ctx.normalization.learn(dry.manifest, wouldBe);
  const changes = fieldChanges(comparable(live), comparable(wouldBe));
  if (changes.length === 0 && !conflict && adopt.length === 0) return { kind: 'unchanged', changes };
  return {
    kind: 'changed',
    changes,
    wouldBe,
    conflict,
    ...(adopt.length ? { adopt } : {}),
    ...(dry.dropped ? { manifest: dry.manifest, dropped: dry.dropped } : {}),
  };
}

/** Assess every object; keyed by `refKey`. */
export async function assessAll(
  ctx: AssessContext,
  objects: readonly DesiredObject[],
): Promise<Map<string, Drift>> {
  const drift = new Map<string, Drift>();
  await mapLimit(objects, ctx.concurrency ?? 16, async (d) => {
    drift.set(refKey(d.ref), await assess(ctx, d));
  });
  return drift;
}

/** True when applying would change the cluster (hooks excluded: they run, they do not drift). */
export function drifted(d: Drift): boolean {
  return d.kind === 'missing' || d.kind === 'changed' || d.kind === 'recreate' || d.kind === 'unchecked';
}
