import { Sizing } from '../constructs';
import { ShopEnvironment, type Versions } from './shop-environment';
import { versions } from './versions';

/** Development: small, one replica of everything, newest builds. */
export class Dev extends ShopEnvironment {
  readonly name: string = 'dev';
  readonly destination = { cluster: 'local', namespace: 'shop-dev' };
  readonly sizing: Sizing = Sizing.small();
  readonly domain: string = 'dev.shop.example.com';
  readonly versions: Versions = versions.dev;
  override readonly logLevel: string = 'debug';
}
