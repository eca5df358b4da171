/** A scheduled task: a CronJob on a validated schedule. */
import * as kplus from 'cdk8s-plus-28';
import { Cron, Duration } from 'cdk8s';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from './component';
import { Schedule } from './schedule';
import { applySync, type SyncSettings } from './sync';
import { containerProps, podProps, workloadProblems, type WorkloadProps } from './workload';

export interface CronTaskProps extends ComponentProps, WorkloadProps {
  /** `Schedule.cron('0 3 * * MON-FRI')`, `Schedule.cron('@daily')`, `Schedule.daily(3, 15)`. */
  readonly schedule: Schedule;
  /** @default 'Forbid' (a run never overlaps the previous one) */
  readonly concurrency?: 'Allow' | 'Forbid' | 'Replace';
  /** Retries per run. @default 2 */
  readonly backoffLimit?: number;
  /** IANA time zone the schedule is read in, e.g. `'Europe/Paris'`. @default 'Etc/UTC' */
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
    this.reportAll(workloadProblems(props));
    if (name.length > 52) this.report('name', `"${name}" is longer than 52 characters (CronJob limit)`);
    if (!(props.schedule instanceof Schedule)) {
      this.report(
        'schedule',
        'is required: Schedule.cron(expression), Schedule.daily(hour, minute) or Schedule.everyMinutes(n)',
      );
    } else if (props.schedule.problemText) {
      this.report('schedule', props.schedule.problemText);
    }
    const timeZone = props.timeZone ?? 'Etc/UTC';
    if (!isTimeZone(timeZone)) {
      this.report(
        'timeZone',
        `"${timeZone}" is not an IANA time zone (e.g. Etc/UTC, Europe/Paris, America/New_York)`,
      );
    }
    const job = new kplus.CronJob(this, 'cronjob', {
      metadata: { name },
      schedule: cronOf(props.schedule instanceof Schedule ? props.schedule.expression : '0 0 * * *'),
      timeZone,
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

/** cdk8s's Cron for any expression a CronJob accepts (macros included), written as given. */
function cronOf(expression: string): Cron {
  const cron = new Cron();
  Object.defineProperty(cron, 'expressionString', { value: expression });
  return cron;
}

/** True for a time zone name the runtime's IANA database knows (as the CronJob controller does). */
export function isTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone === '' || zone.toLowerCase() === 'local') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
