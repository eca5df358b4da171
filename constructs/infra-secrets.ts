/**
 * The Secret contract of infra needs: every need is realised (by its environment's infra stack)
 * with a Kubernetes Secret named after the need, in the environment's namespace, carrying these
 * keys. Components read them with `EnvVar.fromSecret(<need name>, <key>)`, e.g.
 * `EnvVar.fromSecret('public-api-db', 'url')` for `InfraNeeds.postgres('public-api-db')`.
 * Synth checks references to such Secrets against this table.
 *
 * The table is the one the infra program writes (`CONNECTION_KEYS` in
 * operator/manifests/infra-names.ts), so what synth accepts is what every target provides:
 * - postgres: `url` (`postgresql://user:password@host:5432/database`), `host`, `port`, `database`,
 *   `username`, `password`;
 * - bucket: `url` (`gs://<bucket>`), `bucket`, `endpoint`;
 * - queue: `url` (the topic's URL), `project`, `topic`, `subscription`, `endpoint`.
 */
import { CONNECTION_KEYS } from '../operator/manifests/infra-names';
import type { InfraNeed } from './infra-need';

export const INFRA_SECRET_KEYS: Readonly<Record<InfraNeed['kind'], readonly string[]>> = CONNECTION_KEYS;
