import { InfraTarget, Sizing } from '../constructs';
import type { Versions } from './shop-environment';
import { Staging } from './staging';
import { versions } from './versions';

/**
 * Production: staging's shape, large, wider autoscaling, an IP allowlist on the public API, and
 * managed infrastructure on Google Cloud (Cloud SQL with HA and deletion protection, from the
 * large sizing).
 */
export class Production extends Staging {
  override readonly name: string = 'production';
  override readonly destination = { cluster: 'production', namespace: 'shop' };
  override readonly sizing: Sizing = Sizing.large();
  override readonly domain: string = 'shop.example.com';
  override readonly tlsSecret: string | undefined = 'shop-tls';
  override readonly apiAutoscaling = { minReplicas: 3, maxReplicas: 20, cpuTargetPercent: 65 };
  override readonly workerAutoscaling = { minReplicas: 2, maxReplicas: 10 };
  override readonly frontendReplicas: number = 3;
  override readonly logLevel: string = 'warn';
  /** Office and payment-partner ranges. */
  override readonly ipAllowlist: readonly string[] = ['203.0.113.0/24', '198.51.100.16/28'];
  override infraTarget(): InfraTarget {
    return InfraTarget.gcp({ project: 'acme-shop-prod', region: 'europe-west1' });
  }

  override readonly versions: Versions = versions.production;
}
