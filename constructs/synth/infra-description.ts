/**
 * The infra description of an environment (`<env>/infra/stack.json`): its Pulumi project and
 * stack, its infra target resolved for the environment, and the needs its components declared.
 * Validation is the operator's own (`checkInfraDescription`), so synth refuses exactly what the
 * operator would refuse, naming environment, component and field.
 */
import type { EnvironmentChart } from '../environment-chart';
import type { Environment } from '../environment';
import { resolveNeed } from '../infra-need';
import type { Issue } from '../issues';
import { checkInfraDescription } from '../../operator/manifests/infra';
import { INFRA_SCHEMA_VERSION, type InfraDescription, type InfraTargetSpec } from '../../operator/model';

export function describeInfra(
  env: Environment,
  needs: EnvironmentChart['needs'],
): { description?: InfraDescription; issues: Issue[] } {
  const issue = (field: string, problem: string, component?: string): Issue => ({
    env: env.name,
    ...(component ? { component } : {}),
    field,
    problem,
  });
  let target: InfraTargetSpec | undefined;
  try {
    const chosen = env.infraTarget() as unknown as { toSpec?: unknown };
    if (typeof chosen?.toSpec !== 'function') {
      return {
        issues: [
          issue('infra.target', 'infraTarget() must return InfraTarget.local(...) or InfraTarget.gcp(...)'),
        ],
      };
    }
    target = env.infraTarget().toSpec({ sizing: env.sizing });
  } catch (err) {
    return { issues: [issue('infra.target', (err as Error).message)] };
  }
  const { description, problems } = checkInfraDescription({
    schemaVersion: INFRA_SCHEMA_VERSION,
    environment: env.name,
    project: env.infraProject(),
    stack: env.infraStack(),
    namespace: env.destination.namespace,
    platform: env.platform,
    target,
    needs: needs.map((n) => resolveNeed(n.component, n.need)),
  });
  return { description, issues: problems.map((p) => issue(p.field, p.problem, p.component)) };
}
