/**
 * One `Environment` custom resource, made from an environment class and the platform's source:
 * the operator reads `<branch>:<env>/` of the deploy repository and applies it to the
 * environment's destination.
 *
 * Only fields the class decides are written (source, destination, syncPolicy, interval,
 * deletionPolicy). `suspend`, `revision`, `pinReason` and `timeout` are left to their defaults and
 * to the people running the platform (`ferry suspend`, `ferry rollback`): a field absent from the
 * manifest is not owned by the ferry-system sync, so it never reverts them.
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  ENVIRONMENT_API_VERSION,
  ENVIRONMENT_KIND,
  IN_CLUSTER,
  type EnvironmentResourceSpec,
} from '../../operator/model/environment-resource';
import type { Environment } from '../environment';
import { DEFAULT_BRANCH, type PlatformSource } from './platform-source';

/** The spec of the Environment object of `env`. */
export function environmentSpec(
  env: Environment,
  source: PlatformSource,
  operatorCluster: string,
): EnvironmentResourceSpec {
  return {
    source: {
      repo: source.repo,
      branch: source.branch ?? DEFAULT_BRANCH,
      path: env.name,
      ...(source.credentialsSecret ? { secretRef: { name: source.credentialsSecret } } : {}),
    },
    destination: {
      cluster: env.destination.cluster === operatorCluster ? IN_CLUSTER : env.destination.cluster,
      namespace: env.destination.namespace,
    },
    syncPolicy: {
      automated: env.syncPolicy.automated,
      prune: env.syncPolicy.prune,
      selfHeal: env.syncPolicy.selfHeal,
      allowEmpty: env.syncPolicy.allowEmpty,
    },
    interval: env.interval,
    deletionPolicy: env.deletionPolicy,
  };
}

export interface EnvironmentObjectProps {
  readonly environment: Environment;
  readonly source: PlatformSource;
  /** The operator's own cluster: environments there are applied `in-cluster`. */
  readonly operatorCluster: string;
}

export class EnvironmentObject extends ApiObject {
  constructor(scope: Construct, id: string, props: EnvironmentObjectProps) {
    super(scope, id, {
      apiVersion: ENVIRONMENT_API_VERSION,
      kind: ENVIRONMENT_KIND,
      metadata: { name: props.environment.name },
      spec: environmentSpec(props.environment, props.source, props.operatorCluster),
    });
  }
}
