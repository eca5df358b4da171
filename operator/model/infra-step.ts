/**
 * One infra operation (`preview` or `up` of an environment's Pulumi stack): what it reports while it
 * runs and what it returns. Plain data, so it crosses the boundary of the child process that runs
 * Pulumi unchanged.
 */

/**
 * `destroy` deletes every resource of the stack and removes the stack from its backend (an
 * environment deleted with deletionPolicy Delete, `ferry infra destroy`).
 */
export type InfraMode = 'preview' | 'up' | 'destroy';

/** Pulumi's step operations, as the engine names them. */
export type InfraOp =
  | 'same'
  | 'create'
  | 'update'
  | 'delete'
  | 'replace'
  | 'create-replacement'
  | 'delete-replaced'
  | 'read'
  | 'read-replacement'
  | 'refresh'
  | 'discard'
  | 'discard-replaced'
  | 'remove-pending-replace'
  | 'import'
  | 'import-replacement';

/** Counts per operation of the whole stack, e.g. `{ create: 4 }` or `{ same: 9 }`. */
export type InfraChanges = Readonly<Partial<Record<InfraOp, number>>>;

/** A resource of the stack as people read it: `kubernetes:core/v1:Secret public-api-db`. */
export interface InfraResourceRef {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
}

export type InfraEvent =
  | { readonly type: 'infra-started'; readonly env: string; readonly mode: InfraMode; readonly stack: string }
  | { readonly type: 'infra-skipped'; readonly env: string; readonly reason: string }
  | {
      readonly type: 'infra-lock-cleared';
      readonly env: string;
      readonly lock: string;
      readonly reason: string;
    }
  | {
      readonly type: 'infra-resource';
      readonly resource: InfraResourceRef;
      readonly op: InfraOp;
      /** `planned`: a preview step; `started`/`done`/`failed`: an update step. */
      readonly status: 'planned' | 'started' | 'done' | 'failed';
      /** Changed input keys for update/replace, when the engine says. */
      readonly keys?: readonly string[];
    }
  | {
      readonly type: 'infra-diagnostic';
      readonly severity: 'info' | 'warning' | 'error';
      readonly message: string;
      readonly resource?: InfraResourceRef;
    }
  | {
      readonly type: 'infra-finished';
      readonly result: InfraStepStatus;
      readonly changes: InfraChanges;
      readonly durationMs: number;
    };

export type InfraStepStatus = 'succeeded' | 'failed' | 'skipped';

export interface InfraStepResult {
  /**
   * `succeeded`: the preview or update ran to the end; `skipped`: the description's hash equals the
   * last successful `up` (nothing ran); `failed`: see `message` and `failedResource`.
   */
  readonly result: InfraStepStatus;
  readonly mode: InfraMode;
  /** `infraHash` of the description that was (or would have been) applied. */
  readonly hash: string;
  /** Steps counted by operation; `same` counts unchanged resources. Empty when skipped. */
  readonly changes: InfraChanges;
  /** True when a preview found changes, or an up made some. */
  readonly changed: boolean;
  /** Stack outputs that are not secret (secret ones are left out, never printed). */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** The resource whose operation failed, when the engine named one. */
  readonly failedResource?: InfraResourceRef;
  readonly message: string;
  readonly durationMs: number;
}

/** True when the counts hold any operation other than `same`/`read`/`refresh`. */
export function hasChanges(changes: InfraChanges): boolean {
  return Object.entries(changes).some(([op, n]) => !['same', 'read', 'refresh'].includes(op) && (n ?? 0) > 0);
}

/** `type name`, the way progress lines and errors name a resource. */
export function formatInfraResource(r: InfraResourceRef): string {
  return `${r.type} ${r.name}`;
}
