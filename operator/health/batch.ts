/** Job and CronJob health. */
import type { Health, KubeObject } from '../model';
import { bool, condition, explain, num, str } from './fields';

export function jobHealth(job: KubeObject): Health {
  const failed = condition(job, 'Failed');
  if (failed?.status === 'True') return { status: 'Failed', message: `Job failed: ${explain(failed)}` };
  const complete = condition(job, 'Complete');
  const succeeded = num(job, 'status', 'succeeded') ?? 0;
  if (complete?.status === 'True')
    return { status: 'Current', message: `Job completed (${succeeded} succeeded)` };
  if (bool(job, 'spec', 'suspend')) return { status: 'Suspended', message: 'Job is suspended' };
  const completions = num(job, 'spec', 'completions') ?? 1;
  const active = num(job, 'status', 'active') ?? 0;
  const failedPods = num(job, 'status', 'failed') ?? 0;
  const retries =
    failedPods > 0 ? `, ${failedPods} failed (backoffLimit ${num(job, 'spec', 'backoffLimit') ?? 6})` : '';
  return {
    status: 'InProgress',
    message: `Job running: ${succeeded} of ${completions} completions, ${active} active${retries}`,
  };
}

export function cronJobHealth(cj: KubeObject): Health {
  const schedule = str(cj, 'spec', 'schedule') ?? '?';
  if (bool(cj, 'spec', 'suspend'))
    return { status: 'Suspended', message: `CronJob is suspended (schedule "${schedule}")` };
  const last = str(cj, 'status', 'lastScheduleTime');
  return {
    status: 'Current',
    message: `scheduled "${schedule}"${last ? `, last run ${last}` : ', not run yet'}`,
  };
}
