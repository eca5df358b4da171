import { InfraTarget } from '../constructs';
import type { ShopComponent, Versions } from './shop-environment';
import { Dev } from './dev';

/**
 * A short-lived environment per branch: dev-sized, no scheduler (nightly jobs would touch shared
 * systems), the branch's own build of the public API, throw-away in-cluster infra (no volumes)
 * in a Pulumi stack of its own (`preview-<slug>`).
 */
export class Preview extends Dev {
  /** DNS-safe form of a branch name: `feature/Login` → `feature-login`. */
  static slug(branch: string): string {
    return branch
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '');
  }

  override readonly name: string;
  override readonly destination: { cluster: string; namespace: string };
  override readonly domain: string;
  override readonly components: readonly ShopComponent[] = ['public-api', 'frontend', 'worker'];
  override readonly versions: Versions;

  constructor(readonly branch: string) {
    super();
    const slug = Preview.slug(branch);
    this.name = `preview-${slug}`;
    this.destination = { cluster: 'local', namespace: `shop-preview-${slug}` };
    this.domain = `${slug}.preview.shop.example.com`;
    this.versions = { ...new Dev().versions, 'public-api': `branch-${slug}` };
  }

  override infraTarget(): InfraTarget {
    return InfraTarget.local({ storage: 'ephemeral' });
  }
}
