import { CONTAINER_RESOURCES, READINESS_PROBE, SECRET_DATA } from './basic';
import type { Check } from './check';
import { DANGLING_REFERENCE } from './references';
import { PLAINTEXT_SECRET } from './secrets';
import { EMPTY_VALUE, MISSING_VALUE } from './values';

export * from './check';
export * from './basic';
export * from './values';
export * from './secrets';
export * from './secret-detection';
export * from './references';
export * from './similar';

/** Every check, in the order findings are reported. */
export const CHECKS: readonly Check[] = [
  MISSING_VALUE,
  EMPTY_VALUE,
  SECRET_DATA,
  PLAINTEXT_SECRET,
  CONTAINER_RESOURCES,
  READINESS_PROBE,
  DANGLING_REFERENCE,
];
