import { InfraTarget } from '../constructs';
import { previewId } from '../constructs/preview-name';
import type { ShopComponent, Versions } from './shop-environment';
import { Dev } from './dev';

/**
 * A short-lived environment per branch: dev-sized, no scheduler (nightly jobs would touch shared
 * systems), the branch's own build of the public API, throw-away in-cluster infra (no volumes).
 * Any branch name gives a distinct, stable, DNS-safe id (`previewId`): the environment is
 * `preview-<id>`, its namespace `shop-preview-<id>`, its hosts `<app>.<id>.preview.shop.example.com`
 * and its infra stack — the Pulumi stack `preview-<id>`, so its infra names too — its own. Its Environment uses deletionPolicy Delete: when the branch goes, so do its
 * objects.
 */
export class Preview extends Dev {
  /** The DNS-safe id of a branch: `feature/Login` → `feature-login-<hash>` (see previewId). */
  static slug(branch: string): string {
    return previewId(branch);
  }

  override readonly name: string;
  override readonly destination: { cluster: string; namespace: string };
  override readonly domain: string;
  override readonly components: readonly ShopComponent[] = ['public-api', 'frontend', 'worker'];
  override readonly versions: Versions;
  /** A preview's objects go with its branch: deleting its Environment prunes them. */
  override readonly deletionPolicy = 'Delete';

  constructor(readonly branch: string) {
    super();
    const id = Preview.slug(branch);
    this.name = `preview-${id}`;
    this.destination = { cluster: 'local', namespace: `shop-preview-${id}` };
    this.domain = `${id}.preview.shop.example.com`;
    this.versions = { ...new Dev().versions, 'public-api': `branch-${id}` };
  }

  override infraTarget(): InfraTarget {
    return InfraTarget.local({ storage: 'ephemeral' });
  }
}
