/** Worst-of aggregation over the closed set of statuses. */
import { HEALTH_STATUSES, type Health, type HealthStatus } from '../model';

/**
 * Severity, best first: Current < Suspended < InProgress < Terminating < NotFound < Unknown < Failed.
 * Failed is the worst so a failure is never hidden behind an Unknown: it is what makes a wave fail fast.
 */
export const HEALTH_SEVERITY: readonly HealthStatus[] = HEALTH_STATUSES;

export function severity(status: HealthStatus): number {
  return HEALTH_SEVERITY.indexOf(status);
}

export function worstStatus(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = 'Current';
  for (const s of statuses) if (severity(s) > severity(worst)) worst = s;
  return worst;
}

/** The first of the worst healths (its message explains the aggregate); Current when empty. */
export function worstOf(healths: readonly Health[]): Health {
  let worst: Health | undefined;
  for (const h of healths) if (!worst || severity(h.status) > severity(worst.status)) worst = h;
  return worst ?? { status: 'Current', message: 'no objects' };
}
