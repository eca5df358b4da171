import type { Environment } from '../environment';
import { ValidationError } from '../issues';
import { INFRA_FILE, type InfraDescription } from '../../operator/model';
import { synthEnvironment } from './synth-environment';

/**
 * The infra description synth writes for `env` (`<env>/infra/stack.json`), in memory. Throws a
 * ValidationError with every issue when the environment does not synthesise. The top-level Pulumi
 * program uses it, so `pulumi preview --stack <env>` builds what the deploy folder describes.
 */
export function infraDescriptionOf(env: Environment): InfraDescription {
  const out = synthEnvironment(env, null);
  if (out.issues.length) throw new ValidationError(out.issues);
  const file = out.files.find(([p]) => p === INFRA_FILE);
  if (!file) throw new Error(`synth wrote no ${INFRA_FILE} for ${env.name}`);
  return JSON.parse(file[1]) as InfraDescription;
}
