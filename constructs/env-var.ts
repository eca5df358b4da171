/**
 * Environment variables for a container: literal values, or references to a ConfigMap key or a
 * Secret key. Secrets are always referenced by name, never embedded.
 */
export type EnvVarSource =
  | { readonly type: 'value'; readonly value: string }
  | { readonly type: 'config'; readonly configMap: string; readonly key: string }
  | { readonly type: 'secret'; readonly secret: string; readonly key: string };

export const EnvVar = {
  value(value: string): EnvVarSource {
    return { type: 'value', value };
  },
  /** A key of a ConfigMap (e.g. a ConfigBundle's name). */
  fromConfig(configMap: string, key: string): EnvVarSource {
    return { type: 'config', configMap, key };
  },
  /** A key of a Secret that exists in the cluster (provisioned outside Ferry). */
  fromSecret(secret: string, key: string): EnvVarSource {
    return { type: 'secret', secret, key };
  },
};
