/**
 * Apply one desired object with server-side apply (field manager `ferry`), given its assessment
 * (drift.ts), writing only when it would change something:
 *
 * - unchanged → no request;
 * - missing → apply (create);
 * - changed → take over adopted managers' fields if any (adopt.ts), then apply; a field-manager
 *   conflict fails unless the object has `Force=true`;
 * - recreate → delete (foreground, waiting until gone) and create: immutable fields with
 *   `Replace=true` or `Force=true`;
 * - unchecked → apply, and errors are reported as the object's failure.
 * A rejected object never reaches this point: the sync stops before its first write.
 */
import type { KubeObject, KubeObjects } from '../adapters/kube';
import { KubeApiError } from '../adapters/kube';
import { ObjectError, type DesiredObject } from '../model';
import { adoptFieldOwnership } from './adopt';
import { conflictMessage, type Drift } from './drift';
import { fieldValidation, manifestToApply } from './manifest';
import type { Normalization } from './normalization';
import { stripUndeclared } from './undeclared';

export type ApplyAction = 'created' | 'configured' | 'unchanged' | 'recreated';

export interface ApplyResult {
  readonly object: DesiredObject;
  readonly action: ApplyAction;
  readonly live: KubeObject;
  /** Fields dropped because the server does not know them (Validate=false). */
  readonly dropped?: readonly string[];
}

export interface ApplyObjectContext {
  readonly kube: KubeObjects;
  readonly env: string;
  readonly normalization: Normalization;
  readonly signal?: AbortSignal;
}

async function recreate(
  ctx: ApplyObjectContext,
  desired: DesiredObject,
  manifest: KubeObject,
): Promise<KubeObject> {
  if (!(await ctx.kube.deleteAndWait(manifest, 'Foreground', 60_000, ctx.signal)))
    throw new ObjectError(
      desired.ref,
      'recreate',
      'the old object was not deleted within 60s (a finalizer?)',
    );
  return ctx.kube.apply(manifest, {
    force: true,
    fieldValidation: fieldValidation(desired),
    signal: ctx.signal,
  });
}

/** Apply `desired` given its drift; `live` is the object as read before the sync. */
export async function applyObject(
  ctx: ApplyObjectContext,
  desired: DesiredObject,
  live: KubeObject | undefined,
  drift: Drift,
): Promise<ApplyResult> {
  const manifest =
    (drift.kind === 'missing' || drift.kind === 'changed' ? drift.manifest : undefined) ??
    manifestToApply(desired, ctx.env);
  const opts = desired.sync.syncOptions;
  const write = { force: opts.force, fieldValidation: fieldValidation(desired), signal: ctx.signal };
  if (drift.kind === 'rejected') throw new ObjectError(desired.ref, 'apply', drift.message);
  if (drift.kind === 'unchanged' && live) return { object: desired, action: 'unchanged', live };
  try {
    if (drift.kind === 'recreate' && live) {
      return { object: desired, action: 'recreated', live: await recreate(ctx, desired, manifest) };
    }
    if (drift.kind === 'changed') {
      if (drift.conflict && !opts.force) throw new ObjectError(desired.ref, 'apply', drift.conflict);
      if (drift.adopt && live) await adoptFieldOwnership(ctx.kube, live, ctx.signal);
    }
    let sent = manifest;
    let dropped: string[] | undefined;
    let answer: KubeObject;
    try {
      answer = await ctx.kube.apply(manifest, write);
    } catch (err) {
      const stripped =
        !opts.validate && err instanceof KubeApiError && stripUndeclared(manifest, err.serverMessage);
      if (!stripped) throw err;
      ({ manifest: sent, removed: dropped } = stripped);
      answer = await ctx.kube.apply(sent, write);
    }
    ctx.normalization.learn(sent, answer);
    return {
      object: desired,
      action: live ? 'configured' : 'created',
      live: answer,
      ...(dropped ? { dropped } : {}),
    };
  } catch (err) {
    if (!(err instanceof KubeApiError)) throw err;
    if (err.conflict) throw new ObjectError(desired.ref, 'apply', conflictMessage(err), { cause: err });
    if (err.immutableField && (opts.force || opts.replace) && live) {
      return { object: desired, action: 'recreated', live: await recreate(ctx, desired, manifest) };
    }
    if (err.immutableField) {
      throw new ObjectError(
        desired.ref,
        'apply',
        `${err.serverMessage}. The change needs the object to be recreated: add the sync option Replace=true ` +
          '(or Force=true) to let Ferry delete and create it.',
        { cause: err },
      );
    }
    throw new ObjectError(desired.ref, 'apply', err.serverMessage, { cause: err });
  }
}
