import { Sizing } from '../constructs';
import { ShopEnvironment, type Versions } from './shop-environment';

/** Development: small, one replica of everything, newest builds. */
export class Dev extends ShopEnvironment {
  readonly name: string = 'dev';
  readonly destination = { cluster: 'local', namespace: 'shop-dev' };
  readonly sizing: Sizing = Sizing.small();
  readonly domain: string = 'dev.shop.example.com';
  readonly versions: Versions = {
    'public-api': '1.43.0-rc.2',
    frontend: '2.8.0-rc.1',
    worker: '1.43.0-rc.2',
    scheduler: '0.9.1',
  };
  override readonly logLevel: string = 'debug';
}
