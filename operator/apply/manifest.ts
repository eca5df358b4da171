/**
 * The manifest as Ferry sends it, and the checks on it that need no request: the tracking-id
 * annotation and `ferry.dev/environment` label (so the operator can watch what it owns), the
 * applied-hash annotation, ownership by another environment, and the zero-request "up to date"
 * test.
 */
import type { KubeObject } from '../adapters/kube';
import type { FieldValidation } from '../adapters/kube';
import type { DesiredObject } from '../model';
import { trackingIdOf, withOwnership } from '../inventory';
import { APPLIED_HASH_ANNOTATION, isSubset, manifestHash } from './compare';

/** The manifest as Ferry applies it: tracking id, environment label and applied-hash added. */
export function manifestToApply(desired: DesiredObject, env: string): KubeObject {
  const labelled = withOwnership(desired.manifest, env, desired.ref);
  const hash = manifestHash(labelled as Record<string, unknown>);
  return {
    ...labelled,
    metadata: {
      ...labelled.metadata,
      annotations: { ...labelled.metadata.annotations, [APPLIED_HASH_ANNOTATION]: hash },
    },
  };
}

/** `Strict` unless the object says `Validate=false`. */
export function fieldValidation(desired: DesiredObject): FieldValidation {
  return desired.sync.syncOptions.validate ? 'Strict' : 'Ignore';
}

/**
 * Why `live` must not be applied over by this environment: it carries another environment's
 * tracking id. Objects without one (created by hand or by another tool) are adopted.
 */
export function ownershipConflict(live: KubeObject | undefined, id: string): string | undefined {
  const owner = live && trackingIdOf(live);
  if (!owner || owner === id) return undefined;
  return (
    `already managed by another environment (tracking id ${owner}); two environments must not manage ` +
    'the same object: rename it in one of them, or remove it there first'
  );
}

/** True when the live object already carries everything `manifest` says (no request needed). */
export function upToDate(manifest: KubeObject, live: KubeObject, dropped?: ReadonlySet<string>): boolean {
  const want = manifest.metadata.annotations?.[APPLIED_HASH_ANNOTATION];
  return live.metadata.annotations?.[APPLIED_HASH_ANNOTATION] === want && isSubset(manifest, live, dropped);
}
