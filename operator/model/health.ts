/**
 * Health vocabulary: kstatus's closed set plus `Suspended`.
 *
 * | Ferry       | kstatus     | Argo CD     | meaning                                                  |
 * |-------------|-------------|-------------|----------------------------------------------------------|
 * | Current     | Current     | Healthy     | reconciled and doing its job                             |
 * | Suspended   | (Current)   | Suspended   | paused on purpose (paused Deployment, suspended CronJob) |
 * | InProgress  | InProgress  | Progressing | still converging; wait                                   |
 * | Failed      | Failed      | Degraded    | will not converge without a change; fail fast            |
 * | Terminating | Terminating | Progressing | being deleted (deletionTimestamp set)                    |
 * | NotFound    | NotFound    | Missing     | not in the cluster                                       |
 * | Unknown     | Unknown     | Unknown     | status cannot be computed                                |
 *
 * A wave is done when every object in it is Current or Suspended.
 */
export const HEALTH_STATUSES = [
  'Current',
  'Suspended',
  'InProgress',
  'Terminating',
  'NotFound',
  'Unknown',
  'Failed',
] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export type ArgoHealthStatus = 'Healthy' | 'Suspended' | 'Progressing' | 'Degraded' | 'Missing' | 'Unknown';

export const ARGO_HEALTH: Readonly<Record<HealthStatus, ArgoHealthStatus>> = {
  Current: 'Healthy',
  Suspended: 'Suspended',
  InProgress: 'Progressing',
  Failed: 'Degraded',
  Terminating: 'Progressing',
  NotFound: 'Missing',
  Unknown: 'Unknown',
};

export interface Health {
  readonly status: HealthStatus;
  /** A sentence a person can act on: "2 of 3 updated replicas are available". */
  readonly message: string;
}

/** True for the statuses that let a wave proceed. */
export function isSettled(status: HealthStatus): boolean {
  return status === 'Current' || status === 'Suspended';
}
