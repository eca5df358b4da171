/**
 * Helm hook annotations, read as Argo CD reads them when it renders a chart, so manifests written
 * for Helm keep their order and hooks:
 *
 * | helm.sh/hook                       | Ferry                                                |
 * |------------------------------------|------------------------------------------------------|
 * | pre-install, pre-upgrade           | PreSync                                              |
 * | post-install, post-upgrade         | PostSync                                             |
 * | crd-install                        | an ordinary object (CRDs are ordered first anyway)   |
 * | pre/post-delete, pre/post-rollback, test, test-success, test-failure | not applied (Skip), with a warning |
 *
 * `helm.sh/hook-weight` is the sync wave; `helm.sh/hook-delete-policy` maps before-hook-creation,
 * hook-succeeded and hook-failed to BeforeHookCreation, HookSucceeded and HookFailed. Ferry and Argo
 * CD annotations win over Helm's.
 */
import { HELM_ANNOTATIONS, type HookDeletePolicy, type HookPhase } from '../model';

const PHASES: Readonly<Record<string, HookPhase | 'none'>> = {
  'pre-install': 'PreSync',
  'pre-upgrade': 'PreSync',
  'post-install': 'PostSync',
  'post-upgrade': 'PostSync',
  'crd-install': 'none',
};
const UNSUPPORTED = new Set([
  'pre-delete',
  'post-delete',
  'pre-rollback',
  'post-rollback',
  'test',
  'test-success',
  'test-failure',
]);
const DELETE_POLICIES: Readonly<Record<string, HookDeletePolicy>> = {
  'before-hook-creation': 'BeforeHookCreation',
  'hook-succeeded': 'HookSucceeded',
  'hook-failed': 'HookFailed',
};

export interface HelmHook {
  /** Ferry hook phases, `skip` for hooks Ferry cannot run, `none` for an ordinary object. */
  readonly hook: readonly HookPhase[] | 'skip' | 'none';
  readonly deletePolicies: readonly HookDeletePolicy[];
  readonly weight?: string;
  readonly problems: readonly string[];
  readonly warnings: readonly string[];
}

const split = (raw: string): string[] =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The Helm hook of an object, or undefined when it has no `helm.sh/hook`. */
export function helmHook(annotations: Readonly<Record<string, string>>): HelmHook | undefined {
  const raw = annotations[HELM_ANNOTATIONS.hook];
  if (raw === undefined) return undefined;
  const problems: string[] = [];
  const warnings: string[] = [];
  const phases: HookPhase[] = [];
  let ordinary = false;
  let unsupported = false;
  for (const name of split(raw)) {
    const phase = PHASES[name];
    if (phase === 'none') ordinary = true;
    else if (phase) {
      if (!phases.includes(phase)) phases.push(phase);
    } else if (UNSUPPORTED.has(name)) {
      unsupported = true;
      warnings.push(
        `${HELM_ANNOTATIONS.hook} "${name}" has no Ferry equivalent and is ignored (as in Argo CD)`,
      );
    } else problems.push(`unknown ${HELM_ANNOTATIONS.hook} "${name}"`);
  }
  const deletePolicies: HookDeletePolicy[] = [];
  for (const name of split(annotations[HELM_ANNOTATIONS.hookDeletePolicy] ?? '')) {
    const policy = DELETE_POLICIES[name];
    if (policy) deletePolicies.push(policy);
    else problems.push(`unknown ${HELM_ANNOTATIONS.hookDeletePolicy} "${name}"`);
  }
  // Helm's default is before-hook-creation too.
  const hook = phases.length > 0 ? phases : ordinary ? 'none' : unsupported ? 'skip' : 'none';
  if (hook === 'skip')
    warnings.push('this object is only a Helm hook of an unsupported kind: it is not applied');
  return {
    hook,
    deletePolicies: deletePolicies.length ? deletePolicies : ['BeforeHookCreation'],
    weight: annotations[HELM_ANNOTATIONS.hookWeight],
    problems,
    warnings,
  };
}
