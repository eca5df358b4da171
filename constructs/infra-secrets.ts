/**
 * The Secret contract of infra needs: every need is realised (by its environment's infra stack)
 * with a Kubernetes Secret named after the need, in the environment's namespace, carrying at
 * least these keys. Components read them with `EnvVar.fromSecret(<need name>, <key>)`, e.g.
 * `EnvVar.fromSecret('public-api-db', 'url')` for `InfraNeeds.postgres('public-api-db')`.
 * Synth checks references to such Secrets against this table.
 */
import type { InfraNeed } from './infra-need';

export const INFRA_SECRET_KEYS: Readonly<Record<InfraNeed['kind'], readonly string[]>> = {
  /** `url`: `postgres://user:password@host:5432/database` */
  postgres: ['url'],
  /** `url`: the bucket's URL (e.g. `gs://…`, `s3://…` or an in-cluster endpoint) */
  bucket: ['url'],
  /** `url`: the queue's URL */
  queue: ['url'],
};
