/**
 * The synth-time checks a platform can switch off, always explicitly and by name: for a whole
 * environment (`Environment.relaxations`) or for one component with a reason
 * (`relax: [{ check: 'plaintext-secret', reason: 'public test key, documented by the vendor' }]`).
 *
 * - `secret-data`: a Secret object carrying data/stringData
 * - `container-resources`: containers without resource requests and limits
 * - `readiness-probe`: a WebService without a readiness probe
 * - `plaintext-secret`: a secret-looking name or value in env values, args or ConfigMap data
 * - `dangling-reference`: a reference (dependsOn, ConfigMap, Secret key, Service) to nothing in the environment
 * - `empty-value`: an empty string in a manifest (an env value, a ConfigMap value…)
 */
export type CheckName =
  | 'secret-data'
  | 'container-resources'
  | 'readiness-probe'
  | 'plaintext-secret'
  | 'dangling-reference'
  | 'empty-value';

export const CHECK_NAMES: readonly CheckName[] = [
  'secret-data',
  'container-resources',
  'readiness-probe',
  'plaintext-secret',
  'dangling-reference',
  'empty-value',
];

/** One check switched off for one component, with the reason a reviewer reads. */
export interface Relax {
  readonly check: CheckName;
  /** Why this is safe; at least a few words. */
  readonly reason: string;
}

/** Problems with a relax list, as `[field, problem]` pairs. */
export function relaxProblems(relax: readonly Relax[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  relax.forEach((r, i) => {
    if (!CHECK_NAMES.includes(r?.check)) {
      out.push([`relax[${i}].check`, `"${String(r?.check)}" is not a check (${CHECK_NAMES.join(', ')})`]);
    }
    if (typeof r?.reason !== 'string' || r.reason.trim().length < 10) {
      out.push([`relax[${i}].reason`, 'say why this is safe (at least 10 characters); reviewers read it']);
    }
  });
  return out;
}
