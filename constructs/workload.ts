/**
 * What every pod-running component shares: image, command, env (values and references),
 * config bundles, resources and an explicit non-root security context.
 */
import * as kplus from 'cdk8s-plus-28';
import { Size } from 'cdk8s';
import type { Construct } from 'constructs';
import type { EnvVarSource } from './env-var';
import type { Image } from './image';
import type { Resources } from './resources';

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
  /** @default the environment's sizing profile for this component's tier (ResourceProfile policy) */
  readonly resources?: Resources;
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
  const r = props.resources;
  return {
    name,
    image: props.image.toString(),
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    command: props.command ? [...props.command] : undefined,
    args: props.args ? [...props.args] : undefined,
    envVariables,
    envFrom,
    resources: r
      ? {
          cpu: {
            request: kplus.Cpu.millis(r.requests.cpuMillis),
            limit: kplus.Cpu.millis(r.limits.cpuMillis),
          },
          memory: {
            request: Size.mebibytes(r.requests.memoryMiB),
            limit: Size.mebibytes(r.limits.memoryMiB),
          },
        }
      : {},
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
