/**
 * environment.json: parse, check the schema version and fields, and check that the folder holds
 * exactly the manifest files it lists (a partially published or stale folder is rejected).
 */
import {
  ENVIRONMENT_SCHEMA_VERSION,
  ENVIRONMENT_SCHEMA_VERSIONS,
  INFRA_FILE,
  type EnvironmentSpec,
  type ManifestProblem,
} from '../model';

export const ENVIRONMENT_FILE = 'environment.json';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function problem(message: string): ManifestProblem {
  return { file: ENVIRONMENT_FILE, message };
}

export function parseEnvironmentJson(content: string): {
  spec?: EnvironmentSpec;
  problems: readonly ManifestProblem[];
} {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (err) {
    return { problems: [problem(`invalid JSON: ${(err as Error).message}`)] };
  }
  if (!isRecord(json)) return { problems: [problem('expected a JSON object')] };
  const v = json.schemaVersion;
  if (typeof v !== 'number') {
    return { problems: [problem('missing schemaVersion')] };
  }
  if (!ENVIRONMENT_SCHEMA_VERSIONS.includes(v)) {
    return {
      problems: [
        problem(
          v > ENVIRONMENT_SCHEMA_VERSION
            ? `schemaVersion ${v} was written by a newer Ferry; this operator reads up to ${ENVIRONMENT_SCHEMA_VERSION}: upgrade the operator`
            : `unsupported schemaVersion ${v}; this operator reads ${ENVIRONMENT_SCHEMA_VERSIONS.join(' and ')}: re-run ferry synth`,
        ),
      ],
    };
  }
  const problems: ManifestProblem[] = [];
  const str = (value: unknown, field: string): string => {
    if (typeof value === 'string' && value !== '') return value;
    problems.push(problem(`${field} must be a non-empty string`));
    return '';
  };
  const bool = (value: unknown, field: string): boolean => {
    if (typeof value === 'boolean') return value;
    problems.push(problem(`${field} must be true or false`));
    return false;
  };
  const name = str(json.name, 'name');
  const sourceCommit = json.sourceCommit === null ? null : str(json.sourceCommit, 'sourceCommit');
  const dest = isRecord(json.destination) ? json.destination : {};
  const destination = {
    cluster: str(dest.cluster, 'destination.cluster'),
    namespace: str(dest.namespace, 'destination.namespace'),
  };
  const policy = isRecord(json.syncPolicy) ? json.syncPolicy : {};
  const syncPolicy = {
    automated: bool(policy.automated, 'syncPolicy.automated'),
    prune: bool(policy.prune, 'syncPolicy.prune'),
    selfHeal: bool(policy.selfHeal, 'syncPolicy.selfHeal'),
    allowEmpty: bool(policy.allowEmpty, 'syncPolicy.allowEmpty'),
  };
  let infra: EnvironmentSpec['infra'];
  if (json.infra !== undefined && json.infra !== null) {
    if (!isRecord(json.infra)) {
      problems.push(problem('infra must be an object (stack, target, file)'));
    } else if (v === 1) {
      // Schema 1 recorded needs only; there is no description to run.
      infra = { stack: str(json.infra.stack, 'infra.stack') };
    } else {
      const file = str(json.infra.file, 'infra.file');
      if (file && file !== INFRA_FILE) problems.push(problem(`infra.file must be "${INFRA_FILE}"`));
      infra = {
        stack: str(json.infra.stack, 'infra.stack'),
        target: str(json.infra.target, 'infra.target'),
        file,
      };
    }
  }
  const manifests: string[] = [];
  if (!Array.isArray(json.manifests)) {
    problems.push(problem('manifests must be a list of files'));
  } else {
    for (const m of json.manifests) {
      if (typeof m !== 'string' || !/^manifests\/[^/]+\.ya?ml$/.test(m)) {
        problems.push(problem(`manifests entry ${JSON.stringify(m)} must look like "manifests/<file>.yaml"`));
      } else {
        manifests.push(m);
      }
    }
  }
  if (problems.length > 0) return { problems };
  return {
    spec: {
      schemaVersion: v,
      name,
      sourceCommit,
      destination,
      syncPolicy,
      ...(infra ? { infra } : {}),
      manifests,
    },
    problems,
  };
}

/**
 * Compare the files listed in environment.json with the manifest files present (both relative to
 * the folder). Any difference means the folder is incomplete or stale.
 */
export function checkManifestList(listed: readonly string[], present: readonly string[]): ManifestProblem[] {
  const listedSet = new Set(listed);
  const presentSet = new Set(present);
  const problems: ManifestProblem[] = [];
  for (const f of [...listedSet].sort()) {
    if (!presentSet.has(f)) {
      problems.push({
        file: f,
        message: `listed in ${ENVIRONMENT_FILE} but missing (partially published folder?): re-run ferry synth and publish`,
      });
    }
  }
  for (const f of [...presentSet].sort()) {
    if (!listedSet.has(f)) {
      problems.push({
        file: f,
        message: `not listed in ${ENVIRONMENT_FILE} (stale or partially published folder?): re-run ferry synth and publish`,
      });
    }
  }
  const dupes = listed.filter((f, i) => listed.indexOf(f) !== i);
  for (const f of [...new Set(dupes)]) {
    problems.push({ file: ENVIRONMENT_FILE, message: `manifests lists "${f}" more than once` });
  }
  return problems;
}
