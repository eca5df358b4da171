import type { InfraDescription, InfraNeedSpec } from '../../model';

/** GCP labels (lowercase keys and values) of every resource of a need. */
export function gcpLabels(d: InfraDescription, need: InfraNeedSpec): Record<string, string> {
  return {
    'managed-by': 'ferry',
    'part-of': d.platform,
    'ferry-environment': d.environment,
    'ferry-component': need.component,
  };
}
