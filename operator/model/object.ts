/**
 * The loosest useful shape of a Kubernetes object as read from YAML or from the API server.
 * Everything beyond apiVersion/kind/metadata is `unknown` and must be narrowed before use.
 */
export interface ObjectMeta {
  readonly name?: string;
  readonly generateName?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly generation?: number;
  readonly resourceVersion?: string;
  readonly uid?: string;
  readonly deletionTimestamp?: string;
  readonly creationTimestamp?: string;
  readonly [key: string]: unknown;
}

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [key: string]: unknown;
}
