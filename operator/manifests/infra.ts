/**
 * The infra description (`infra/stack.json`): parse and validate. One checker serves synth (which
 * reports problems as `[env/component] field: problem` and writes nothing) and the operator's
 * reader of a deploy folder (which refuses the folder). Every problem is collected, none thrown.
 *
 * Rules: a known target with its required configuration (gcp: project, region); needs with a
 * DNS-label name, unique in the environment (the name is the connection Secret's name); per-kind
 * fields in range; names derived for the target within the provider's limits.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  INFRA_FILE,
  ManifestError,
  INFRA_SCHEMA_VERSION,
  type GcpTargetSpec,
  type InfraDescription,
  type InfraNeedSpec,
  type InfraProblem,
  type InfraTargetSpec,
  type LocalTargetSpec,
  type ManifestProblem,
} from '../model';
import { GCP_LIMITS, LOCAL_SERVER_NAME_MAX, gcpNames, localServerName } from './infra-names';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const PULUMI_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const GCP_PROJECT = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
const GCP_REGION = /^[a-z]+-[a-z]+[0-9]+$/;
const TARGETS = ['local', 'gcp'];
const KINDS = ['postgres', 'bucket', 'queue'];
/** Postgres majors both the official image and Cloud SQL offer. */
const POSTGRES_VERSIONS = ['13', '14', '15', '16', '17'];

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly problems: InfraProblem[] = [];

  fail(field: string, problem: string, component?: string): void {
    this.problems.push(component ? { component, field, problem } : { field, problem });
  }

  str(o: Json, key: string, field: string, re?: RegExp, hint?: string, component?: string): string {
    const v = o[key];
    if (typeof v !== 'string' || v === '') {
      this.fail(field, `is required${hint ? ` (${hint})` : ''}`, component);
      return '';
    }
    if (re && !re.test(v)) this.fail(field, `"${v}" is not valid${hint ? `: ${hint}` : ''}`, component);
    return v;
  }

  bool(o: Json, key: string, field: string, component?: string): boolean {
    if (typeof o[key] === 'boolean') return o[key] as boolean;
    this.fail(field, 'must be true or false', component);
    return false;
  }

  int(o: Json, key: string, field: string, min: number, max: number, component?: string): number {
    const v = o[key];
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    this.fail(field, `${JSON.stringify(v)} must be a whole number from ${min} to ${max}`, component);
    return min;
  }
}

function checkTarget(c: Checker, raw: unknown): InfraTargetSpec | undefined {
  if (!isRecord(raw)) {
    c.fail('infra.target', 'is required: an object with kind "local" or "gcp"');
    return undefined;
  }
  const kind = raw.kind;
  if (kind === 'local') {
    const images = isRecord(raw.images) ? raw.images : {};
    const storage = raw.storage;
    if (storage !== 'persistent' && storage !== 'ephemeral') {
      c.fail('infra.target.storage', `${JSON.stringify(storage)} must be "persistent" or "ephemeral"`);
    }
    const sc = raw.storageClass;
    if (sc !== null && (typeof sc !== 'string' || !DNS_SUBDOMAIN.test(sc))) {
      c.fail('infra.target.storageClass', `${JSON.stringify(sc)} must be null or a StorageClass name`);
    }
    const img = (k: string) => c.str(images, k, `infra.target.images.${k}`, /^\S+$/, 'an image reference');
    const local: LocalTargetSpec = {
      kind,
      storage: storage === 'ephemeral' ? 'ephemeral' : 'persistent',
      storageClass: typeof sc === 'string' ? sc : null,
      images: { postgres: img('postgres'), bucket: img('bucket'), queue: img('queue'), init: img('init') },
    };
    return local;
  }
  if (kind === 'gcp') {
    const db = isRecord(raw.database) ? raw.database : {};
    const gcp: GcpTargetSpec = {
      kind,
      project: c.str(
        raw,
        'project',
        'infra.target.project',
        GCP_PROJECT,
        'the Google Cloud project id, e.g. acme-shop-prod',
      ),
      region: c.str(
        raw,
        'region',
        'infra.target.region',
        GCP_REGION,
        'a Google Cloud region, e.g. europe-west1',
      ),
      network: c.str(raw, 'network', 'infra.target.network', /^\S+$/, 'the VPC network for private IPs'),
      database: {
        tier: c.str(
          db,
          'tier',
          'infra.target.database.tier',
          /^db-[-a-z0-9]+$/,
          'a Cloud SQL tier, e.g. db-f1-micro',
        ),
        highAvailability: c.bool(db, 'highAvailability', 'infra.target.database.highAvailability'),
        deletionProtection: c.bool(db, 'deletionProtection', 'infra.target.database.deletionProtection'),
        backups: c.bool(db, 'backups', 'infra.target.database.backups'),
      },
    };
    return gcp;
  }
  c.fail('infra.target.kind', `unknown target ${JSON.stringify(kind)}; use one of ${TARGETS.join(', ')}`);
  return undefined;
}

function checkNeed(c: Checker, raw: unknown, i: number): InfraNeedSpec | undefined {
  if (!isRecord(raw)) {
    c.fail(`infra.needs[${i}]`, 'must be an object');
    return undefined;
  }
  const component = typeof raw.component === 'string' && raw.component !== '' ? raw.component : undefined;
  if (!component) c.fail(`infra.needs[${i}].component`, 'is required');
  const name = typeof raw.name === 'string' ? raw.name : '';
  const at = `infra.needs[${name || i}]`;
  if (!DNS_LABEL.test(name)) {
    c.fail(
      `${at}.name`,
      `${JSON.stringify(raw.name)} must be a DNS label (lowercase letters, digits and -, at most 63): it names the connection Secret`,
      component,
    );
  }
  const base = { component: component ?? '', name };
  switch (raw.kind) {
    case 'postgres': {
      const version = String(raw.version ?? '');
      if (!POSTGRES_VERSIONS.includes(version)) {
        c.fail(
          `${at}.version`,
          `"${version}" is not supported; use one of ${POSTGRES_VERSIONS.join(', ')}`,
          component,
        );
      }
      const storageGiB = c.int(raw, 'storageGiB', `${at}.storageGiB`, 1, 65_536, component);
      return { ...base, kind: 'postgres', version, storageGiB };
    }
    case 'bucket':
      return { ...base, kind: 'bucket', versioned: c.bool(raw, 'versioned', `${at}.versioned`, component) };
    case 'queue': {
      const seconds = c.int(
        raw,
        'visibilityTimeoutSeconds',
        `${at}.visibilityTimeoutSeconds`,
        10,
        600,
        component,
      );
      return { ...base, kind: 'queue', visibilityTimeoutSeconds: seconds };
    }
    default:
      c.fail(
        `${at}.kind`,
        `unknown kind ${JSON.stringify(raw.kind)}; use one of ${KINDS.join(', ')}`,
        component,
      );
      return undefined;
  }
}

/** Limits that depend on the target: derived names, minimum sizes. */
function checkForTarget(
  c: Checker,
  d: Pick<InfraDescription, 'environment' | 'target'>,
  n: InfraNeedSpec,
): void {
  const at = `infra.needs[${n.name}]`;
  if (d.target.kind === 'local') {
    const server = localServerName(n);
    if (server.length > LOCAL_SERVER_NAME_MAX) {
      c.fail(
        `${at}.name`,
        `server name "${server}" is longer than ${LOCAL_SERVER_NAME_MAX}; shorten the need name`,
        n.component,
      );
    }
    return;
  }
  const names = gcpNames(d, n);
  const long = (what: keyof typeof GCP_LIMITS, value: string) => {
    if (value.length > GCP_LIMITS[what]) {
      c.fail(
        `${at}.name`,
        `${what} name "${value}" is longer than ${GCP_LIMITS[what]}; shorten the need name`,
        n.component,
      );
    }
  };
  if (n.kind === 'postgres') {
    long('instance', names.instance);
    if (n.storageGiB < 10)
      c.fail(`${at}.storageGiB`, `${n.storageGiB} is below Cloud SQL's minimum of 10`, n.component);
  }
  if (n.kind === 'bucket') long('bucket', names.bucket);
  if (n.kind === 'queue') long('topic', names.topic);
}

/** Validates a description given as parsed JSON (or built in memory). */
export function checkInfraDescription(raw: unknown): {
  description?: InfraDescription;
  problems: InfraProblem[];
} {
  const c = new Checker();
  if (!isRecord(raw)) return { problems: [{ field: 'infra', problem: 'expected a JSON object' }] };
  if (raw.schemaVersion !== INFRA_SCHEMA_VERSION) {
    const v = raw.schemaVersion;
    const newer = typeof v === 'number' && v > INFRA_SCHEMA_VERSION;
    c.fail(
      'infra.schemaVersion',
      `${JSON.stringify(v)} is not supported; this Ferry reads ${INFRA_SCHEMA_VERSION}: ` +
        (newer ? 'upgrade Ferry (the operator)' : 're-run ferry synth'),
    );
    return { problems: c.problems };
  }
  const environment = c.str(raw, 'environment', 'infra.environment', DNS_LABEL, 'a DNS label');
  const project = c.str(raw, 'project', 'infra.project', PULUMI_NAME, 'letters, digits, _ . -');
  const stack = c.str(raw, 'stack', 'infra.stack', PULUMI_NAME, 'letters, digits, _ . -');
  const namespace = c.str(raw, 'namespace', 'infra.namespace', DNS_LABEL, 'a DNS label');
  const platform = c.str(raw, 'platform', 'infra.platform', DNS_LABEL, 'a DNS label');
  const target = checkTarget(c, raw.target);
  const needs: InfraNeedSpec[] = [];
  if (!Array.isArray(raw.needs)) c.fail('infra.needs', 'must be a list');
  else
    raw.needs.forEach((n, i) => {
      const need = checkNeed(c, n, i);
      if (need) needs.push(need);
    });
  const seen = new Map<string, InfraNeedSpec>();
  for (const n of needs) {
    const first = seen.get(n.name);
    if (first) {
      c.fail(
        `infra.needs[${n.name}]`,
        `the name is declared twice (${first.kind} by ${first.component}, ${n.kind} by ${n.component}); ` +
          'need names are Secret names and must be unique in the environment',
        n.component,
      );
    } else seen.set(n.name, n);
  }
  if (target && environment) for (const n of needs) checkForTarget(c, { environment, target }, n);
  if (c.problems.length || !target) return { problems: c.problems };
  const sorted = [...needs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    description: {
      schemaVersion: INFRA_SCHEMA_VERSION,
      environment,
      project,
      stack,
      namespace,
      platform,
      target,
      needs: sorted,
    },
    problems: [],
  };
}

/** Reads `infra/stack.json` text; problems name the file and, for a need, its component. */
export function parseInfraDescription(
  text: string,
  file: string = INFRA_FILE,
): { description?: InfraDescription; problems: ManifestProblem[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { problems: [{ file, message: `invalid JSON: ${(err as Error).message}` }] };
  }
  const { description, problems } = checkInfraDescription(json);
  return {
    description,
    problems: problems.map((p) => ({
      file,
      ...(p.component ? { object: `component ${p.component}` } : {}),
      message: `${p.field}: ${p.problem}`,
    })),
  };
}

/** The description as written to the deploy folder: pretty JSON with a trailing newline. */
export function serialiseInfraDescription(d: InfraDescription): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}

/**
 * Reads and validates `<infraDir>/stack.json` (infraDir = an environment folder's `infra/`). Throws
 * ManifestError naming every problem — also when the file is missing or describes another environment.
 */
export async function loadInfraDescription(
  infraDir: string,
  expectedEnv?: string,
): Promise<InfraDescription> {
  let text: string;
  try {
    text = await readFile(join(infraDir, basename(INFRA_FILE)), 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ManifestError(
      [
        {
          file: INFRA_FILE,
          message: missing
            ? 'missing: the environment has no infra description; run ferry synth (it writes <env>/infra/)'
            : `cannot read: ${(err as Error).message}`,
        },
      ],
      dirname(infraDir),
    );
  }
  const { description, problems } = parseInfraDescription(text);
  if (description && expectedEnv !== undefined && description.environment !== expectedEnv) {
    problems.push({
      file: INFRA_FILE,
      message: `describes environment "${description.environment}", expected "${expectedEnv}"`,
    });
  }
  if (!description || problems.length) throw new ManifestError(problems, dirname(infraDir));
  return description;
}
