/**
 * What a platform tells its operator, declared once in TypeScript (environments/platform.ts in the
 * example): the deploy repository and branch every Environment reads, and the operator's image and
 * cluster.
 */
import { DNS_SUBDOMAIN_PATTERN } from './openapi';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const FERRY_VERSION = (require('../../package.json') as { version: string }).version;

export interface PlatformSource {
  /** Git URL of the deploy repository (https, ssh, `git@host:path`, file:// or an absolute path). */
  readonly repo: string;
  /** @default 'deploy' */
  readonly branch?: string;
  /**
   * Secret in ferry-system holding git credentials for `repo` (key `token` for HTTPS or
   * `sshPrivateKey` for SSH), created by hand, never synthesised. @default none (a public repository)
   */
  readonly credentialsSecret?: string;
}

export interface OperatorSettings {
  /** The operator image (see the Dockerfile). */
  readonly image: string;
  /**
   * The name of the cluster the operator runs in. Environments whose `destination.cluster` is this
   * name are applied `in-cluster`; any other cluster name must be a Secret in ferry-system labelled
   * `ferry.dev/cluster` with a `kubeconfig` key.
   */
  readonly cluster: string;
  /** @default 2 */
  readonly replicas?: number;
}

export const DEFAULT_BRANCH = 'deploy';

const GIT_URL = [/^(https?|ssh|git|file):\/\/.+/, /^[A-Za-z0-9._-]+@[^:/]+:.+/, /^\//];
const SUBDOMAIN = new RegExp(DNS_SUBDOMAIN_PATTERN);

/** `[field, problem]` pairs for a platform source and operator settings. */
export function platformProblems(
  source: PlatformSource,
  operator: OperatorSettings,
): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (typeof source.repo !== 'string' || !GIT_URL.some((re) => re.test(source.repo)))
    out.push([
      'source.repo',
      `${JSON.stringify(source.repo)} is not a git URL; use https://host/repo.git, git@host:repo.git, file:///path or an absolute path`,
    ]);
  if (source.branch !== undefined && !/^[^\s~^:?*[\\]+$/.test(source.branch))
    out.push(['source.branch', `${JSON.stringify(source.branch)} is not a git branch name`]);
  if (source.credentialsSecret !== undefined && !SUBDOMAIN.test(source.credentialsSecret))
    out.push([
      'source.credentialsSecret',
      `${JSON.stringify(source.credentialsSecret)} is not a Secret name`,
    ]);
  if (typeof operator.image !== 'string' || !/^[^\s]+$/.test(operator.image))
    out.push(['operator.image', `${JSON.stringify(operator.image)} is not an image reference`]);
  if (typeof operator.cluster !== 'string' || !SUBDOMAIN.test(operator.cluster))
    out.push(['operator.cluster', `${JSON.stringify(operator.cluster)} must be a DNS-1123 name`]);
  const replicas = operator.replicas ?? 2;
  if (!Number.isInteger(replicas) || replicas < 1)
    out.push(['operator.replicas', `(${replicas}) must be a positive integer`]);
  return out;
}
