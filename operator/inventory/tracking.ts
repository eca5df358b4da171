/**
 * The tracking id the operator writes on every object it applies:
 * `ferry.dev/tracking-id: <env>:<group>/<Kind>:<namespace>/<name>` (empty group for core, empty
 * namespace for cluster-scoped), e.g. `dev:apps/Deployment:shop-dev/public-api`,
 * `dev:/Namespace:/shop-dev`.
 */
import { ANNOTATIONS, LABELS, type KubeObject, type ObjectRef } from '../model';

export function trackingId(env: string, ref: ObjectRef): string {
  return `${env}:${ref.group}/${ref.kind}:${ref.namespace ?? ''}/${ref.name}`;
}

export interface ParsedTrackingId {
  readonly env: string;
  readonly ref: ObjectRef;
}

const PATTERN = /^([^:/]+):([^:/]*)\/([A-Za-z][A-Za-z0-9]*):([^:/]*)\/([^:/]+)$/;

export function parseTrackingId(id: string): ParsedTrackingId | undefined {
  const m = PATTERN.exec(id.trim());
  if (!m) return undefined;
  const [, env, group, kind, namespace, name] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { env, ref: namespace ? { group, kind, namespace, name } : { group, kind, name } };
}

/** `manifest` with its tracking id annotation set. */
export function withTrackingId(manifest: KubeObject, id: string): KubeObject {
  const annotations = { ...(manifest.metadata.annotations ?? {}), [ANNOTATIONS.trackingId]: id };
  return { ...manifest, metadata: { ...manifest.metadata, annotations } };
}

/** The tracking id annotation of a live object, if any. */
export function trackingIdOf(obj: KubeObject): string | undefined {
  return obj.metadata.annotations?.[ANNOTATIONS.trackingId];
}

/**
 * `manifest` as owned by `env`: its tracking id annotation, and the `ferry.dev/environment` label
 * that lets the operator watch everything an environment owns with one label selector per kind.
 */
export function withOwnership(manifest: KubeObject, env: string, ref: ObjectRef): KubeObject {
  const tracked = withTrackingId(manifest, trackingId(env, ref));
  return {
    ...tracked,
    metadata: { ...tracked.metadata, labels: { ...tracked.metadata.labels, [LABELS.environment]: env } },
  };
}
