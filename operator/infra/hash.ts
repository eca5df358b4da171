/**
 * `infraHash(description)`: a pure fingerprint of what an infra step would build. The sync records
 * it beside the inventory after a successful `up` and skips the step while it is unchanged (a
 * no-op sync stays zero-write and fast).
 *
 * It covers the description with keys sorted (so formatting and key order do not matter) and
 * `INFRA_PROGRAM_VERSION`, which is bumped whenever operator/infra changes the resources it builds
 * from the same description, so an operator upgrade re-runs the step once.
 */
import { createHash } from 'node:crypto';
import type { InfraDescription } from '../model';

export const INFRA_PROGRAM_VERSION = 2;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** `sha256:<hex>` of the description and the program version. */
export function infraHash(description: InfraDescription): string {
  const text = JSON.stringify({ program: INFRA_PROGRAM_VERSION, description: canonical(description) });
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
