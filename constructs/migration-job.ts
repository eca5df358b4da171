import type { Construct } from 'constructs';
import { HookJob, type HookJobProps } from './hook-job';

/** A database change before rollout: a Job run as a PreSync hook. */
export class MigrationJob extends HookJob {
  readonly kind = 'MigrationJob' as const;

  constructor(scope: Construct, name: string, props: HookJobProps) {
    super(scope, name, props, 'PreSync');
  }
}
