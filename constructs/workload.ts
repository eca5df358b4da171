/**
 * What every pod-running component shares: image, command, env (values and references),
 * config bundles, resources and an explicit non-root security context.
 */
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { EnvVarSource } from './env-var';
import { Image } from './image';
import { Resources, type ResourceRequirements } from './resources';

export interface WorkloadProps {
  /** Repository and tag; the tag is pinned per environment. */
  readonly image: Image;
  /** @default the image's entrypoint */
  readonly command?: readonly string[];
  /** @default none */
  readonly args?: readonly string[];
  /** @default none */
  readonly env?: Readonly<Record<string, EnvVarSource>>;
  /** ConfigMaps (e.g. ConfigBundle names) whose keys all become environment variables. @default none */
  readonly configFrom?: readonly string[];
  /** Secrets whose keys all become environment variables (referenced, never embedded). @default none */
  readonly secretsFrom?: readonly string[];
  /**
   * `Resources.of({ cpu: '250m', memory: '512Mi' })` or the Kubernetes shape
   * `{ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } }`.
   * @default the environment's sizing profile for this component's tier (ResourceProfile policy)
   */
  readonly resources?: Resources | ResourceRequirements;
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const RESOURCE_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * Problems with the props every workload shares, as `[field, problem]` pairs: values that are
 * missing at run time (an image tag not pinned for this environment, an env value that came out
 * undefined), malformed names and invalid resources.
 */
export function workloadProblems(props: WorkloadProps): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (!(props.image instanceof Image)) out.push(['image', 'is required: Image.of(repository, tag)']);
  else out.push(...props.image.problems());
  const strings = (field: string, xs: readonly unknown[] | undefined) =>
    (xs ?? []).forEach((x, i) => {
      if (typeof x !== 'string' || x === '') out.push([`${field}[${i}]`, `is ${missing(x)}`]);
    });
  strings('command', props.command);
  strings('args', props.args);
  for (const [key, src] of Object.entries(props.env ?? {})) {
    const field = `env.${key}`;
    if (!ENV_NAME.test(key)) out.push([field, `"${key}" is not a valid environment variable name`]);
    if (!src || typeof src !== 'object') {
      out.push([
        field,
        `is ${missing(src)}; use EnvVar.value(…), EnvVar.fromConfig(…) or EnvVar.fromSecret(…)`,
      ]);
    } else if (src.type === 'value' && typeof src.value !== 'string') {
      out.push([field, `value is ${missing(src.value)}; a setting missing for this environment?`]);
    } else if (src.type === 'config' || src.type === 'secret') {
      const name = src.type === 'config' ? src.configMap : src.secret;
      const kind = src.type === 'config' ? 'ConfigMap' : 'Secret';
      if (typeof name !== 'string' || !RESOURCE_NAME.test(name)) {
        out.push([
          field,
          `${kind} name is ${typeof name === 'string' ? `"${name}", not a valid name` : missing(name)}`,
        ]);
      }
      if (typeof src.key !== 'string' || !ENV_NAME.test(src.key)) {
        out.push([
          field,
          `${kind} key is ${typeof src.key === 'string' ? `"${src.key}", not a valid key` : missing(src.key)}`,
        ]);
      }
    }
  }
  for (const [field, names] of [
    ['configFrom', props.configFrom],
    ['secretsFrom', props.secretsFrom],
  ] as const) {
    (names ?? []).forEach((n, i) => {
      if (typeof n !== 'string' || !RESOURCE_NAME.test(n))
        out.push([
          `${field}[${i}]`,
          typeof n === 'string' ? `"${n}" is not a valid name` : `is ${missing(n)}`,
        ]);
    });
  }
  if (props.resources !== undefined) {
    for (const [f, p] of Resources.from(props.resources).problems())
      out.push([f ? `resources.${f}` : 'resources', p]);
  }
  return out;
}

function missing(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (v === '') return 'empty';
  return `a ${typeof v} (${JSON.stringify(v)})`;
}

/** UID/GID the containers run as. */
export const NON_ROOT_USER = 10001;

/** Pod-level settings shared by all components. */
export function podProps(): {
  securityContext: kplus.PodSecurityContextProps;
  automountServiceAccountToken: boolean;
} {
  return {
    securityContext: {
      ensureNonRoot: true,
      user: NON_ROOT_USER,
      group: NON_ROOT_USER,
      fsGroup: NON_ROOT_USER,
    },
    automountServiceAccountToken: false,
  };
}

/** The container of a component; probes and ports are added by the caller. */
export function containerProps(scope: Construct, name: string, props: WorkloadProps): kplus.ContainerProps {
  const envVariables: Record<string, kplus.EnvValue> = {};
  for (const [key, src] of Object.entries(props.env ?? {})) {
    switch (src.type) {
      case 'value':
        envVariables[key] = kplus.EnvValue.fromValue(src.value);
        break;
      case 'config':
        envVariables[key] = kplus.EnvValue.fromConfigMap(
          kplus.ConfigMap.fromConfigMapName(scope, `env-${key}`, src.configMap),
          src.key,
        );
        break;
      case 'secret':
        envVariables[key] = kplus.EnvValue.fromSecretValue({
          secret: kplus.Secret.fromSecretName(scope, `env-${key}`, src.secret),
          key: src.key,
        });
        break;
    }
  }
  const envFrom = [
    ...(props.configFrom ?? []).map((cm, i) =>
      kplus.Env.fromConfigMap(kplus.ConfigMap.fromConfigMapName(scope, `config-from-${i}`, cm)),
    ),
    ...(props.secretsFrom ?? []).map((s, i) =>
      kplus.Env.fromSecret(kplus.Secret.fromSecretName(scope, `secret-from-${i}`, s)),
    ),
  ];
  return {
    name,
    image: props.image.toString(),
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    command: props.command ? [...props.command] : undefined,
    args: props.args ? [...props.args] : undefined,
    envVariables,
    envFrom,
    // Pinned resources are written by synth as given (cdk8s-plus would rewrite '0.5' and '1Gi');
    // otherwise the ResourceProfile policy fills them in from the sizing profile.
    resources: {},
    securityContext: {
      ensureNonRoot: true,
      user: NON_ROOT_USER,
      group: NON_ROOT_USER,
      privileged: false,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    },
  };
}
