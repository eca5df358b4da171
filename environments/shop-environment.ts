/**
 * The base of every environment of the example "shop" platform: which components run, which
 * image tags, how big, and which domain they answer on. dev, staging, production and previews
 * override only what differs.
 */
import {
  Environment,
  IpAllowlist,
  type Autoscaling,
  type EnvironmentChart,
  type Policy,
} from '../constructs';
import { buildShop } from './catalogue';

export type ShopComponent = 'public-api' | 'frontend' | 'worker' | 'scheduler' | 'smoke-test';

/** Image tag of each component (one per deployable image). */
export type Versions = Readonly<Record<'public-api' | 'frontend' | 'worker' | 'scheduler', string>>;

export abstract class ShopEnvironment extends Environment {
  readonly platform: string = 'shop';
  /** Image tags pinned for this environment. */
  abstract readonly versions: Versions;
  /** Host names are `<app>.<domain>`. */
  abstract readonly domain: string;
  /** @default everything except the smoke test */
  readonly components: readonly ShopComponent[] = ['public-api', 'frontend', 'worker', 'scheduler'];
  /** TLS secret for the ingress hosts (issued by cert-manager in the cluster). @default none */
  readonly tlsSecret: string | undefined = undefined;
  /** @default 1 to 2 replicas */
  readonly apiAutoscaling: Autoscaling = { minReplicas: 1, maxReplicas: 2 };
  /** @default 1 to 2 replicas */
  readonly workerAutoscaling: Autoscaling = { minReplicas: 1, maxReplicas: 2 };
  /** @default 1 */
  readonly frontendReplicas: number = 1;
  /** Source CIDRs allowed to reach the public API (with the ingress controller). @default none */
  readonly ipAllowlist: readonly string[] = [];
  /** @default 'info' */
  readonly logLevel: string = 'info';

  override policies(): Policy[] {
    const base = super.policies();
    return this.ipAllowlist.length ? [...base, new IpAllowlist(this.ipAllowlist)] : base;
  }

  build(chart: EnvironmentChart): void {
    buildShop(chart, this);
  }
}
