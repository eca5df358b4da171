import { Sizing } from '../constructs';
import { ShopEnvironment, type ShopComponent, type Versions } from './shop-environment';
import { versions } from './versions';

/**
 * Staging: production-shaped (TLS, autoscaling, smoke test), medium-sized, release candidates. Its
 * infra runs in its own cluster (the default local target), so `pulumi preview --stack staging`
 * works without cloud credentials.
 */
export class Staging extends ShopEnvironment {
  readonly name: string = 'staging';
  readonly destination: { cluster: string; namespace: string } = {
    cluster: 'staging',
    namespace: 'shop-staging',
  };
  readonly sizing: Sizing = Sizing.medium();
  readonly domain: string = 'staging.shop.example.com';
  override readonly tlsSecret: string | undefined = 'shop-staging-tls';
  override readonly components: readonly ShopComponent[] = [
    'public-api',
    'frontend',
    'worker',
    'scheduler',
    'smoke-test',
  ];
  override readonly apiAutoscaling = { minReplicas: 2, maxReplicas: 6, cpuTargetPercent: 70 };
  override readonly workerAutoscaling = { minReplicas: 1, maxReplicas: 4 };
  override readonly frontendReplicas: number = 2;
  readonly versions: Versions = versions.staging;
}
