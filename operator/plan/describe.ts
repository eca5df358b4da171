import { describeSkip, formatRef, type ObjectRef, type Plan, type PlanStep } from '../model';

function refs(list: readonly ObjectRef[]): string {
  return list.map(formatRef).join(', ');
}

/** One line per step, e.g. `apply Sync wave -1: Namespace/shop-dev`, `prune wave 0: ...`. */
export function describeStep(step: PlanStep): string {
  switch (step.type) {
    case 'apply':
      return `apply ${step.phase} wave ${step.wave}: ${refs(step.objects.map((o) => o.ref))}`;
    case 'hook':
      return `${step.phase} hook wave ${step.wave}: ${refs(step.objects.map((o) => o.ref))}`;
    case 'wait':
      return `wait ${step.phase} wave ${step.wave}: ${refs(step.refs)}`;
    case 'prune':
      return step.last ? `prune last: ${refs(step.refs)}` : `prune wave ${step.wave}: ${refs(step.refs)}`;
  }
}

/** The plan as lines for tests and the CLI; SyncFail steps are prefixed `on failure:`. */
export function describePlan(plan: Plan): string[] {
  return [
    ...plan.steps.map(describeStep),
    ...plan.onFailure.map((s) => `on failure: ${describeStep(s)}`),
    ...plan.skipped.map((s) => `skip ${formatRef(s.ref)}: ${describeSkip(s.reason)}`),
  ];
}
