/**
 * The OpenAPI v3 schema of the `Environment` custom resource (`ferry.dev/v1alpha1`). The API server
 * applies the defaults and rejects a bad spec with a message naming the field, so a typo in an
 * Environment never reaches the operator. The TypeScript side of the same contract is
 * operator/model/environment-resource.ts; `kubectl explain environment.spec` prints the
 * descriptions below.
 */
import {
  IN_CLUSTER,
  SYSTEM_NAMESPACE,
  type DeletionPolicy,
  type SyncStatusValue,
} from '../../operator/model/environment-resource';
import { HEALTH_STATUSES } from '../../operator/model/health';
import {
  bool,
  count,
  DNS_LABEL_PATTERN,
  DNS_SUBDOMAIN_PATTERN,
  DURATION_PATTERN,
  obj,
  REVISION_PATTERN,
  str,
  type CelRule,
  type OpenApiSchema,
} from './openapi';

export const DELETION_POLICIES = ['Orphan', 'Delete'] as const satisfies readonly DeletionPolicy[];
const SYNC_STATUSES = ['Synced', 'OutOfSync', 'Unknown'] as const satisfies readonly SyncStatusValue[];

/** Defaults the API server fills in (the same values operator/model documents as `@default`). */
export const SPEC_DEFAULTS = {
  branch: 'deploy',
  interval: '1m',
  timeout: '5m',
  deletionPolicy: 'Orphan',
  suspend: false,
  syncPolicy: { automated: true, prune: false, selfHeal: false, allowEmpty: false },
} as const;

/** A CEL raw string literal (no escapes inside): `r'^[a-z]+$'`. */
const celRaw = (pattern: string): string => `r'${pattern}'`;

const positiveDuration = (what: string): CelRule => ({
  // The pattern reports a malformed value; this rule only refuses zero (a busy loop).
  rule: `!self.matches(${celRaw(DURATION_PATTERN)}) || duration(self) > duration('0s')`,
  message: `${what} must be longer than 0s`,
});

const duration = (field: string, description: string, defaultValue: string): OpenApiSchema =>
  str(`${description} A duration such as 30s, 1m, 1h30m.`, {
    default: defaultValue,
    pattern: DURATION_PATTERN,
    maxLength: 32,
    'x-kubernetes-validations': [positiveDuration(field)],
  });

const source = obj(
  'Where the environment is read from: a folder on a branch of the deploy repository.',
  {
    repo: str(
      'Git URL of the deploy repository: https://…, http://…, ssh://…, git://…, file:///…, user@host:path, or an absolute path.',
      {
        minLength: 1,
        maxLength: 2048,
        'x-kubernetes-validations': [
          {
            rule: "self.matches('^(https?|ssh|git|file)://.+') || self.matches('^[A-Za-z0-9._-]+@[^:/]+:.+') || self.startsWith('/')",
            message:
              'must be a git URL (https://host/repo.git, ssh://host/repo.git, git@host:repo.git, file:///path) or an absolute path',
          },
        ],
      },
    ),
    branch: str('The deploy branch.', {
      default: SPEC_DEFAULTS.branch,
      minLength: 1,
      maxLength: 255,
      pattern: '^[^\\s~^:?*\\[\\\\]+$',
      'x-kubernetes-validations': [
        {
          rule: "!self.contains('..') && !self.startsWith('-') && !self.startsWith('/') && !self.endsWith('/') && !self.endsWith('.lock')",
          message: 'must be a git branch name (no "..", no leading "-" or "/", no trailing "/" or ".lock")',
        },
      ],
    }),
    path: str(
      "Folder of the environment on the branch. Unset means the Environment's name (the controller applies that default).",
      {
        minLength: 1,
        maxLength: 1024,
        pattern: '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$',
        'x-kubernetes-validations': [
          {
            rule: "!('/' + self + '/').contains('/../') && !('/' + self + '/').contains('/./')",
            message: 'must be a relative path inside the repository without "." or ".." segments',
          },
        ],
      },
    ),
    secretRef: obj(
      `Secret in ${SYSTEM_NAMESPACE} with git credentials: key "token" (HTTPS) or "sshPrivateKey" (SSH).`,
      { name: str('Name of the Secret.', { maxLength: 253, pattern: DNS_SUBDOMAIN_PATTERN }) },
      { required: ['name'] },
    ),
  },
  { required: ['repo'] },
);

const destination = obj(
  'Where the environment is applied.',
  {
    cluster: str(
      `"${IN_CLUSTER}" (the operator's own cluster, through its service account) or the name of a Secret in ${SYSTEM_NAMESPACE}, labelled ferry.dev/cluster, whose "kubeconfig" key reaches the cluster.`,
      {
        minLength: 1,
        maxLength: 253,
        'x-kubernetes-validations': [
          {
            rule: `self == '${IN_CLUSTER}' || self.matches(${celRaw(DNS_SUBDOMAIN_PATTERN)})`,
            message: `must be "${IN_CLUSTER}" or the name of a cluster Secret in ${SYSTEM_NAMESPACE} (a DNS-1123 subdomain: lowercase letters, digits, "-" and ".")`,
          },
        ],
      },
    ),
    namespace: str('The namespace the environment owns (its Namespace is part of its manifests).', {
      minLength: 1,
      maxLength: 63,
      pattern: DNS_LABEL_PATTERN,
    }),
  },
  { required: ['cluster', 'namespace'] },
);

const syncPolicy = obj(
  'When and how the operator syncs.',
  {
    automated: bool(
      'Sync new revisions without being asked. false: detect and report OutOfSync, never write.',
      SPEC_DEFAULTS.syncPolicy.automated,
    ),
    prune: bool('Delete owned objects that are no longer in the folder.', SPEC_DEFAULTS.syncPolicy.prune),
    selfHeal: bool('Repair drift of owned objects between revisions.', SPEC_DEFAULTS.syncPolicy.selfHeal),
    allowEmpty: bool(
      'Allow a revision with no objects (else refuse to prune everything).',
      SPEC_DEFAULTS.syncPolicy.allowEmpty,
    ),
  },
  { default: {} },
);

const infra = obj(
  "Where the infra gate keeps the environment's Pulumi state (needed once its folder has infra needs).",
  {
    backendSecretRef: obj(
      `Secret in ${SYSTEM_NAMESPACE} with the Pulumi backend: key "backendURL" (file://, s3://, gs://, azblob:// or https://api.pulumi.com) and, for self-managed backends, "passphrase".`,
      { name: str('Name of the Secret.', { maxLength: 253, pattern: DNS_SUBDOMAIN_PATTERN }) },
      { required: ['name'] },
    ),
    refreshInterval: duration(
      'infra.refreshInterval',
      'How long after its last successful up an unchanged stack is refreshed from the providers and brought up again (drift check and repair).',
      '1h',
    ),
  },
  { required: ['backendSecretRef'] },
);

const spec = obj(
  'What the operator keeps in sync, and how.',
  {
    source,
    destination,
    syncPolicy,
    suspend: bool('Stop syncing; status is still reported.', SPEC_DEFAULTS.suspend),
    interval: duration(
      'interval',
      'How often the branch is checked and drift repaired.',
      SPEC_DEFAULTS.interval,
    ),
    timeout: duration(
      'timeout',
      'The health wait per wave and the run time of each hook.',
      SPEC_DEFAULTS.timeout,
    ),
    revision: str(
      'Pin the environment to this deploy-branch commit (40 lowercase hex characters); empty follows the branch.',
      { pattern: REVISION_PATTERN, maxLength: 40 },
    ),
    pinReason: str('Why revision pins the environment (shown with it; set by `ferry rollback --reason`).', {
      maxLength: 1024,
    }),
    deletionPolicy: str(
      "What happens to the environment's objects when this Environment is deleted: Orphan leaves them (and says so in an Event), Delete prunes everything it owns, namespace last.",
      { enum: DELETION_POLICIES, default: SPEC_DEFAULTS.deletionPolicy },
    ),
    infra,
  },
  {
    required: ['source', 'destination'],
    'x-kubernetes-validations': [
      {
        rule: "!has(self.pinReason) || self.pinReason == '' || (has(self.revision) && self.revision != '')",
        message:
          'a pinReason requires a revision: set spec.revision to the pinned commit, or remove spec.pinReason',
        fieldPath: '.pinReason',
      },
      {
        rule: `!(self.destination.namespace == '${SYSTEM_NAMESPACE}' && has(self.deletionPolicy) && self.deletionPolicy == 'Delete')`,
        message: `an Environment whose destination is ${SYSTEM_NAMESPACE} must use deletionPolicy Orphan: Delete would remove the operator and every Environment`,
        fieldPath: '.deletionPolicy',
      },
    ],
  },
);

const time = (description: string) => str(description, { format: 'date-time' });

const resourceRef = obj(
  'An object of the environment.',
  {
    kind: str('Kind.'),
    namespace: str('Namespace; absent for cluster-scoped objects.'),
    name: str('Name.'),
    status: str('Its sync or health state.'),
    message: str('What is wrong, readable.'),
  },
  { required: ['kind', 'name', 'status'] },
);

const status = obj(
  'Written by the operator only (status subresource).',
  {
    observedGeneration: count('The spec generation this status describes.'),
    conditions: {
      type: 'array',
      description: 'kstatus conditions: Ready, Reconciling, Stalled.',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['type'],
      items: obj(
        'A condition.',
        {
          type: str('Ready, Reconciling or Stalled.', { maxLength: 316 }),
          status: str('True, False or Unknown.', { enum: ['True', 'False', 'Unknown'] }),
          reason: str('CamelCase reason.', { maxLength: 1024 }),
          message: str('What happened, readable.', { maxLength: 32768 }),
          lastTransitionTime: time('When status last changed.'),
          observedGeneration: count('The spec generation the condition was set for.'),
        },
        { required: ['type', 'status'] },
      ),
    },
    sync: str('Whether the cluster equals the folder at the revision.', { enum: SYNC_STATUSES }),
    health: str('Aggregated health of the objects (kstatus vocabulary).', { enum: HEALTH_STATUSES }),
    revision: str('Last revision synced successfully.'),
    lastAttemptedRevision: str('Last revision a sync was attempted for.'),
    message: str('One line for `kubectl get environments` and `ferry get environments`.'),
    history: {
      type: 'array',
      description: 'The last 10 syncs, newest first.',
      maxItems: 10,
      items: obj(
        'One sync.',
        {
          revision: str('Revision synced.'),
          started: time('Start.'),
          finished: time('End.'),
          result: str('succeeded or failed.', { enum: ['succeeded', 'failed'] }),
          message: str('Summary or cause.'),
          writes: count('Objects written.'),
          pruned: count('Objects pruned.'),
          reason: str('Why it ran (new revision, drift, …).'),
        },
        { required: ['result'] },
      ),
    },
    resources: obj('Counts of the owned objects by state, and the ones that need attention.', {
      total: count('Number of objects.'),
      bySync: {
        type: 'object',
        description: 'Objects per sync state.',
        additionalProperties: count('Objects.'),
      },
      byHealth: {
        type: 'object',
        description: 'Objects per health state.',
        additionalProperties: count('Objects.'),
      },
      unhealthy: {
        type: 'array',
        description: 'At most 20 objects that are not healthy.',
        maxItems: 20,
        items: resourceRef,
      },
      outOfSync: {
        type: 'array',
        description: 'At most 20 objects that are out of sync.',
        maxItems: 20,
        items: resourceRef,
      },
    }),
    pinned: obj('Set while spec.revision pins the environment.', {
      revision: str('The pinned revision.'),
      reason: str('Why.'),
    }),
    infra: obj(
      "The environment's Pulumi stack as the last infra gate left it (absent until a sync ran it).",
      {
        stack: str('project/stack.'),
        revision: str('Deploy revision whose infra description the last successful up applied.'),
        lastUpTime: time('When that up finished.'),
        hash: str('Hash of that infra description (the gate skips the step while it is unchanged).'),
        result: str('Outcome of the last attempt.', { enum: ['Succeeded', 'Failed'] }),
        message: str('What the last attempt did, or why it failed.'),
        failedResource: str('The resource the last attempt failed on (type name).'),
        resources: count('Resources in the stack after the last successful up.'),
        outputs: {
          type: 'object',
          description: "The stack's non-secret outputs.",
          'x-kubernetes-preserve-unknown-fields': true,
        },
      },
      { required: ['stack', 'result'] },
    ),
  },
  { 'x-kubernetes-preserve-unknown-fields': true },
);

/** The whole schema of the single served version. */
export const ENVIRONMENT_SCHEMA: OpenApiSchema = obj(
  'One environment the Ferry operator keeps equal to its folder on the deploy branch.',
  {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec,
    status,
  },
  {
    required: ['spec'],
    'x-kubernetes-validations': [
      {
        rule: `self.metadata.name.size() <= 63 && self.metadata.name.matches(${celRaw(DNS_LABEL_PATTERN)})`,
        message:
          'metadata.name must be a DNS-1123 label (at most 63 lowercase letters, digits and "-"): it names the environment',
      },
    ],
  },
);
