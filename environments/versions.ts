/**
 * Image tags per environment: the one reviewable place a release changes. Environment classes read
 * their entry (`versions.staging`); `ferry promote staging production` rewrites the production
 * entry with staging's tags on a new branch, ready for a pull request; `ferry versions` prints the
 * matrix. Keep every tag a string literal so promote can rewrite it; comments are kept.
 */
import type { Versions } from './shop-environment';

export const versions = {
  dev: {
    'public-api': '1.43.0-rc.2',
    frontend: '2.8.0-rc.1',
    worker: '1.43.0-rc.2',
    scheduler: '0.9.1',
  },
  staging: {
    'public-api': '1.42.0',
    frontend: '2.7.3',
    worker: '1.42.0',
    scheduler: '0.9.1',
  },
  production: {
    'public-api': '1.41.2',
    frontend: '2.7.1',
    worker: '1.41.2',
    scheduler: '0.9.0',
  },
} satisfies Record<string, Versions>;
