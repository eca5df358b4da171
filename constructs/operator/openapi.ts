/**
 * The subset of OpenAPI v3 (as Kubernetes CRDs accept it, structural) that Ferry's own custom
 * resource definitions use, plus the patterns shared by the schema and synth's own validation.
 */

/** A CEL rule (`x-kubernetes-validations`), evaluated by the API server on create and update. */
export interface CelRule {
  readonly rule: string;
  readonly message: string;
  /** Where the error points, relative to the node carrying the rule (e.g. `.pinReason`). */
  readonly fieldPath?: string;
  /** @default FieldValueInvalid */
  readonly reason?:
    'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
}

export interface OpenApiSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'boolean';
  readonly description?: string;
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly additionalProperties?: OpenApiSchema;
  readonly required?: readonly string[];
  readonly items?: OpenApiSchema;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly format?: 'date-time' | 'int64';
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maxItems?: number;
  readonly default?: unknown;
  readonly 'x-kubernetes-validations'?: readonly CelRule[];
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'map' | 'set';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
}

/** A DNS-1123 label: a namespace, an environment name. */
export const DNS_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** A DNS-1123 subdomain: the name of a Secret. */
export const DNS_SUBDOMAIN_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
/** A Go-style duration in the units Ferry reads: `90s`, `5m`, `1h30m`, `250ms`, `1.5h`. */
export const DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$';
/** A full commit hash, or empty (follow the branch). */
export const REVISION_PATTERN = '^([0-9a-f]{40})?$';

export const isDuration = (text: string): boolean => new RegExp(DURATION_PATTERN).test(text);

/** `{ type: 'string', … }`. */
export function str(
  description: string,
  extra: Omit<OpenApiSchema, 'type' | 'description'> = {},
): OpenApiSchema {
  return { type: 'string', description, ...extra };
}

/** `{ type: 'boolean', default, … }`. */
export function bool(description: string, defaultValue: boolean): OpenApiSchema {
  return { type: 'boolean', description, default: defaultValue };
}

/** `{ type: 'integer', format: 'int64', minimum: 0 }`. */
export function count(description: string): OpenApiSchema {
  return { type: 'integer', format: 'int64', minimum: 0, description };
}

/** `{ type: 'object', properties, required }`. */
export function obj(
  description: string,
  properties: Readonly<Record<string, OpenApiSchema>>,
  extra: Omit<OpenApiSchema, 'type' | 'description' | 'properties'> = {},
): OpenApiSchema {
  return { type: 'object', description, properties, ...extra };
}
