/**
 * Apply one desired object with server-side apply (field manager `ferry`), writing only when it
 * would change something:
 *
 * 1. absent → apply (create);
 * 2. present, same applied-hash annotation and every desired field still live → unchanged, no
 *    request at all;
 * 3. otherwise a server-side dry run; if its result equals the live object → unchanged (the
 *    difference was only normalisation), else apply for real → configured.
 *
 * Field-manager conflicts are reported, and forced only with the `Force=true` sync option.
 * Immutable-field errors recreate the object only with `Force=true` or `Replace=true`.
 */
import type { KubeObject, KubeObjects } from '../adapters/kube';
import { KubeApiError } from '../adapters/kube';
import { ObjectError, type DesiredObject } from '../model';
import { trackingIdOf, withTrackingId } from '../inventory';
import {
  APPLIED_HASH_ANNOTATION,
  comparable,
  fieldChanges,
  isSubset,
  manifestHash,
  type FieldChange,
} from './compare';

export type ApplyAction = 'created' | 'configured' | 'unchanged' | 'recreated';

export interface ApplyResult {
  readonly object: DesiredObject;
  readonly action: ApplyAction;
  readonly live: KubeObject;
}

/** The manifest as Ferry sends it: tracking id and applied-hash annotations added. */
export function manifestToApply(desired: DesiredObject, trackingId: string): KubeObject {
  const withTracking = withTrackingId(desired.manifest, trackingId);
  const hash = manifestHash(withTracking as Record<string, unknown>);
  return {
    ...withTracking,
    metadata: {
      ...withTracking.metadata,
      annotations: { ...withTracking.metadata.annotations, [APPLIED_HASH_ANNOTATION]: hash },
    },
  };
}

/**
 * Why `live` must not be applied over by this environment: it carries another environment's
 * tracking id. Objects without one (created by hand) are adopted.
 */
export function ownershipConflict(live: KubeObject | undefined, trackingId: string): string | undefined {
  const owner = live && trackingIdOf(live);
  if (!owner || owner === trackingId) return undefined;
  return (
    `already managed by another environment (tracking id ${owner}); two environments must not manage ` +
    'the same object: rename it in one of them, or remove it there first'
  );
}

/** True when the live object already carries everything `manifest` says. */
export function upToDate(manifest: KubeObject, live: KubeObject): boolean {
  const want = manifest.metadata.annotations?.[APPLIED_HASH_ANNOTATION];
  return live.metadata.annotations?.[APPLIED_HASH_ANNOTATION] === want && isSubset(manifest, live);
}

export interface Drift {
  readonly kind: 'missing' | 'changed' | 'unchanged';
  readonly changes: readonly FieldChange[];
  /** The dry-run result (what the object would become), when one was made. */
  readonly wouldBe?: KubeObject;
  /** Set when applying needs fields another field manager owns (the changes assume Force=true). */
  readonly conflict?: string;
}

/**
 * Compare without writing: no request for up-to-date objects, else one server-side dry run. A
 * field-manager conflict is not an error here: a forced dry run shows what would change, and the
 * drift carries the conflict for the apply (or the diff) to report.
 */
export async function detectDrift(
  kube: KubeObjects,
  desired: DesiredObject,
  manifest: KubeObject,
  live: KubeObject | undefined,
): Promise<Drift> {
  if (!live) return { kind: 'missing', changes: [] };
  if (upToDate(manifest, live)) return { kind: 'unchanged', changes: [] };
  const force = desired.sync.syncOptions.force;
  let conflict: string | undefined;
  let wouldBe: KubeObject;
  try {
    try {
      wouldBe = await kube.apply(manifest, { dryRun: true, force });
    } catch (err) {
      if (!(err instanceof KubeApiError) || !err.conflict) throw err;
      conflict = conflictMessage(err);
      wouldBe = await kube.apply(manifest, { dryRun: true, force: true });
    }
  } catch (err) {
    throw new ObjectError(desired.ref, 'dry-run apply', (err as Error).message, { cause: err });
  }
  const changes = fieldChanges(comparable(live), comparable(wouldBe));
  if (changes.length === 0 && !conflict) return { kind: 'unchanged', changes, wouldBe };
  return { kind: 'changed', changes, wouldBe, conflict };
}

function conflictMessage(err: KubeApiError): string {
  const fields = (err.details.causes ?? []).map((c) => c.field ?? c.message).filter(Boolean);
  return (
    `field-manager conflict${fields.length ? ` on ${fields.join(', ')}` : ''}: another manager owns these fields. ` +
    'Remove the other writer, or give the object the sync option Force=true to take them over.'
  );
}

async function recreate(
  kube: KubeObjects,
  desired: DesiredObject,
  manifest: KubeObject,
): Promise<KubeObject> {
  if (!(await kube.deleteAndWait(manifest, 'Foreground')))
    throw new ObjectError(desired.ref, 'recreate', 'the old object was not deleted within 60s');
  return kube.apply(manifest, { force: true });
}

/**
 * Apply `desired` over `live`. `drift`, when the caller already computed it (e.g. to decide
 * whether a sync is needed at all), saves the dry run.
 */
export async function applyObject(
  kube: KubeObjects,
  desired: DesiredObject,
  live: KubeObject | undefined,
  trackingId: string,
  known?: Drift,
): Promise<ApplyResult> {
  const manifest = manifestToApply(desired, trackingId);
  const opts = desired.sync.syncOptions;
  const foreign = ownershipConflict(live, trackingId);
  if (foreign) throw new ObjectError(desired.ref, 'apply', foreign);
  try {
    if (!live)
      return { object: desired, action: 'created', live: await kube.apply(manifest, { force: opts.force }) };
    const drift = known ?? (await detectDrift(kube, desired, manifest, live));
    if (drift.kind === 'unchanged') return { object: desired, action: 'unchanged', live };
    if (drift.conflict && !opts.force) throw new ObjectError(desired.ref, 'apply', drift.conflict);
    return { object: desired, action: 'configured', live: await kube.apply(manifest, { force: opts.force }) };
  } catch (err) {
    if (!(err instanceof KubeApiError)) throw err;
    if (err.conflict) throw new ObjectError(desired.ref, 'apply', conflictMessage(err), { cause: err });
    if (err.immutableField || (err.invalid && /immutable/i.test(err.message))) {
      if (opts.force || opts.replace) {
        return { object: desired, action: 'recreated', live: await recreate(kube, desired, manifest) };
      }
      throw new ObjectError(
        desired.ref,
        'apply',
        `${err.serverMessage}. The change needs the object to be recreated: add the sync option Replace=true ` +
          '(or Force=true) to allow Ferry to delete and create it.',
        { cause: err },
      );
    }
    throw new ObjectError(desired.ref, 'apply', err.serverMessage, { cause: err });
  }
}
