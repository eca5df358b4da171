/**
 * Parse the sync annotations of one object (Ferry keys first, Argo CD equivalents second, Helm's
 * hook annotations last) into typed values, collecting one readable problem per bad value instead
 * of stopping at the first. Problems reject the folder; warnings (a sync option Ferry does not
 * implement, a Helm hook it cannot run) are reported and the rest of the object is used.
 */
import {
  ANNOTATIONS,
  ARGO_ANNOTATIONS,
  DEFAULT_HOOK_DELETE_POLICY,
  DEFAULT_SYNC_OPTIONS,
  HOOK_DELETE_POLICIES,
  HOOK_PHASES,
  parseRef,
  refKey,
  type HookDeletePolicy,
  type HookPhase,
  type HookSpec,
  type ObjectRef,
  type PropagationPolicy,
  type SyncAnnotations,
  type SyncOptions,
} from '../model';
import { helmHook } from './helm';

export interface Parsed<T> {
  readonly value: T;
  readonly problems: readonly string[];
  readonly warnings?: readonly string[];
}

type Annotations = Readonly<Record<string, string>>;

/** The Ferry annotation if present, else the Argo CD one, with the key that was used. */
function pick(
  annotations: Annotations,
  ferry: string,
  argo?: string,
): { key: string; raw: string } | undefined {
  if (annotations[ferry] !== undefined) return { key: ferry, raw: annotations[ferry] };
  if (argo !== undefined && annotations[argo] !== undefined) return { key: argo, raw: annotations[argo] };
  return undefined;
}

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function orList(values: readonly string[]): string {
  return values.length === 1
    ? values[0]!
    : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

export function parseWave(annotations: Annotations): Parsed<number> {
  const found =
    pick(annotations, ANNOTATIONS.syncWave, ARGO_ANNOTATIONS.syncWave) ??
    pick(annotations, 'helm.sh/hook-weight');
  if (!found) return { value: 0, problems: [] };
  const text = found.raw.trim();
  const n = Number(text);
  if (!/^[-+]?\d+$/.test(text) || !Number.isSafeInteger(n)) {
    return {
      value: 0,
      problems: [`invalid ${found.key} "${found.raw}": must be an integer such as "-1", "0" or "5"`],
    };
  }
  return { value: n, problems: [] };
}

export function parseHook(annotations: Annotations): Parsed<HookSpec> {
  const problems: string[] = [];
  const found = pick(annotations, ANNOTATIONS.hook, ARGO_ANNOTATIONS.hook);
  const policyFound = pick(annotations, ANNOTATIONS.hookDeletePolicy, ARGO_ANNOTATIONS.hookDeletePolicy);
  const helm = found ? undefined : helmHook(annotations);
  if (helm) {
    const value: HookSpec =
      helm.hook === 'skip'
        ? { kind: 'skip' }
        : helm.hook === 'none'
          ? { kind: 'none' }
          : { kind: 'hook', phases: helm.hook, deletePolicies: helm.deletePolicies };
    return { value, problems: helm.problems, warnings: helm.warnings };
  }
  if (!found) {
    if (policyFound)
      problems.push(`${policyFound.key} is set but the object is not a hook (no ${ANNOTATIONS.hook})`);
    return { value: { kind: 'none' }, problems };
  }
  const names = list(found.raw);
  if (names.includes('Skip')) {
    if (names.length > 1)
      problems.push(`${found.key} "${found.raw}": Skip cannot be combined with other hooks`);
    return { value: { kind: 'skip' }, problems };
  }
  const phases: HookPhase[] = [];
  for (const name of names) {
    if ((HOOK_PHASES as readonly string[]).includes(name)) {
      if (!phases.includes(name as HookPhase)) phases.push(name as HookPhase);
    } else {
      problems.push(`unknown ${found.key} "${name}": expected ${orList(HOOK_PHASES)}`);
    }
  }
  if (names.length === 0) problems.push(`empty ${found.key}: expected ${orList(HOOK_PHASES)}`);
  const deletePolicies: HookDeletePolicy[] = [];
  for (const name of policyFound ? list(policyFound.raw) : []) {
    if ((HOOK_DELETE_POLICIES as readonly string[]).includes(name)) {
      if (!deletePolicies.includes(name as HookDeletePolicy)) deletePolicies.push(name as HookDeletePolicy);
    } else {
      problems.push(`unknown ${policyFound!.key} "${name}": expected ${orList(HOOK_DELETE_POLICIES)}`);
    }
  }
  phases.sort((a, b) => HOOK_PHASES.indexOf(a) - HOOK_PHASES.indexOf(b));
  return {
    value: {
      kind: 'hook',
      phases,
      deletePolicies: deletePolicies.length > 0 ? deletePolicies : [DEFAULT_HOOK_DELETE_POLICY],
    },
    problems,
  };
}

export function parseDependsOn(annotations: Annotations, self?: ObjectRef): Parsed<readonly ObjectRef[]> {
  const raw = annotations[ANNOTATIONS.dependsOn];
  if (raw === undefined) return { value: [], problems: [] };
  const problems: string[] = [];
  const refs: ObjectRef[] = [];
  const seen = new Set<string>();
  for (const entry of list(raw)) {
    const ref = parseRef(entry);
    if (!ref) {
      problems.push(
        `malformed ${ANNOTATIONS.dependsOn} entry "${entry}": expected <group>/<Kind>/<namespace>/<name> ` +
          '(empty group for core, empty namespace for cluster-scoped), e.g. "apps/Deployment/shop-dev/api"',
      );
    } else if (self && refKey(ref) === refKey(self)) {
      problems.push(`${ANNOTATIONS.dependsOn} names the object itself ("${entry}")`);
    } else if (!seen.has(refKey(ref))) {
      seen.add(refKey(ref));
      refs.push(ref);
    }
  }
  return { value: refs, problems };
}

type BooleanOption = Exclude<keyof SyncOptions, 'prunePropagationPolicy'>;

const BOOLEAN_OPTIONS: Readonly<Record<string, BooleanOption>> = {
  Prune: 'prune',
  Force: 'force',
  Replace: 'replace',
  PruneLast: 'pruneLast',
  ServerSideApply: 'serverSideApply',
  Validate: 'validate',
  Delete: 'delete',
  CreateNamespace: 'createNamespace',
  SkipDryRunOnMissingResource: 'skipDryRunOnMissingResource',
};

const PROPAGATION: Readonly<Record<string, PropagationPolicy>> = {
  foreground: 'Foreground',
  background: 'Background',
  orphan: 'Orphan',
};

/** Argo CD options that describe what Ferry always does: accepted silently. */
const ALWAYS_ON = new Set(['ApplyOutOfSyncOnly=true', 'FailOnSharedResource=true', 'ServerSideApply=true']);

/**
 * Sync options. Unknown or unsupported options are warnings, never problems: a manifest written
 * for another version of Argo CD must not stop a whole folder. `Prune=confirm` and
 * `Delete=confirm` (manual confirmation in Argo CD) are treated as `=false`, the safe reading.
 */
export function parseSyncOptions(annotations: Annotations): Parsed<SyncOptions> {
  const found = pick(annotations, ANNOTATIONS.syncOptions, ARGO_ANNOTATIONS.syncOptions);
  if (!found) return { value: DEFAULT_SYNC_OPTIONS, problems: [] };
  const problems: string[] = [];
  const warnings: string[] = [];
  const options: { -readonly [K in keyof SyncOptions]: SyncOptions[K] } = { ...DEFAULT_SYNC_OPTIONS };
  for (const entry of list(found.raw)) {
    const eq = entry.indexOf('=');
    const name = eq < 0 ? entry : entry.slice(0, eq);
    const value = eq < 0 ? '' : entry.slice(eq + 1);
    const field = BOOLEAN_OPTIONS[name];
    if (ALWAYS_ON.has(entry)) {
      if (field) options[field] = true;
    } else if (name === 'PrunePropagationPolicy') {
      const policy = PROPAGATION[value.toLowerCase()];
      if (policy) options.prunePropagationPolicy = policy;
      else problems.push(`invalid ${found.key} option "${entry}": expected foreground, background or orphan`);
    } else if ((name === 'Prune' || name === 'Delete') && value === 'confirm') {
      options[field!] = false;
      warnings.push(`${found.key} "${entry}": Ferry has no confirmation step; treated as ${name}=false`);
    } else if (!field) {
      warnings.push(`${found.key} option "${entry}" is not supported by Ferry and is ignored`);
    } else if (value !== 'true' && value !== 'false') {
      problems.push(`invalid ${found.key} option "${entry}": the value must be true or false`);
    } else {
      options[field] = value === 'true';
    }
  }
  return { value: options, problems, warnings };
}

/** All sync annotations of an object; `self` lets depends-on reject a self-reference. */
export function parseSyncAnnotations(
  annotations: Annotations | undefined,
  self?: ObjectRef,
): Parsed<SyncAnnotations> {
  const a = annotations ?? {};
  const wave = parseWave(a);
  const hook = parseHook(a);
  const dependsOn = parseDependsOn(a, self);
  const syncOptions = parseSyncOptions(a);
  return {
    value: { wave: wave.value, hook: hook.value, dependsOn: dependsOn.value, syncOptions: syncOptions.value },
    problems: [...wave.problems, ...hook.problems, ...dependsOn.problems, ...syncOptions.problems],
    warnings: [...(hook.warnings ?? []), ...(syncOptions.warnings ?? [])],
  };
}
