/** A scheduled task: a CronJob on a validated schedule. */
import * as kplus from 'cdk8s-plus-28';
import { Cron, Duration } from 'cdk8s';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from './component';
import type { Schedule } from './schedule';
import { applySync, type SyncSettings } from './sync';
import { containerProps, podProps, type WorkloadProps } from './workload';

export interface CronTaskProps extends ComponentProps, WorkloadProps {
  readonly schedule: Schedule;
  /** @default 'Forbid' (a run never overlaps the previous one) */
  readonly concurrency?: 'Allow' | 'Forbid' | 'Replace';
  /** Retries per run. @default 2 */
  readonly backoffLimit?: number;
  /** @default 'Etc/UTC' */
  readonly timeZone?: string;
  /** @default wave 0 */
  readonly sync?: SyncSettings;
}

const CONCURRENCY: Record<NonNullable<CronTaskProps['concurrency']>, kplus.ConcurrencyPolicy> = {
  Allow: kplus.ConcurrencyPolicy.ALLOW,
  Forbid: kplus.ConcurrencyPolicy.FORBID,
  Replace: kplus.ConcurrencyPolicy.REPLACE,
};

export class CronTask extends Component {
  readonly kind = 'CronTask' as const;

  constructor(
    scope: Construct,
    name: string,
    readonly props: CronTaskProps,
  ) {
    super(scope, name, props);
    for (const [f, p] of props.image.problems()) this.report(f, p);
    if (name.length > 52) this.report('name', `"${name}" is longer than 52 characters (CronJob limit)`);
    const [minute, hour, day, month, weekDay] = props.schedule.expression.split(' ');
    const job = new kplus.CronJob(this, 'cronjob', {
      metadata: { name },
      schedule: new Cron({ minute, hour, day, month, weekDay }),
      timeZone: props.timeZone ?? 'Etc/UTC',
      concurrencyPolicy: CONCURRENCY[props.concurrency ?? 'Forbid'],
      backoffLimit: props.backoffLimit ?? 2,
      successfulJobsRetained: 3,
      failedJobsRetained: 1,
      startingDeadline: Duration.minutes(5),
      podMetadata: { labels: this.selectorLabels },
      ...podProps(),
      containers: [containerProps(this, name, props)],
    });
    if (props.sync) applySync(job, props.sync);
  }

  override get version(): string {
    return this.props.image.tag;
  }
}
