import type { Construct } from 'constructs';
import { HookJob, type HookJobProps } from './hook-job';

/** A check after rollout: a Job run as a PostSync hook; if it fails, the sync fails. */
export class SmokeTest extends HookJob {
  readonly kind = 'SmokeTest' as const;

  constructor(scope: Construct, name: string, props: HookJobProps) {
    super(scope, name, props, 'PostSync');
  }
}
