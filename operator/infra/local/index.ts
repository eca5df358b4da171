/** The local target: in-cluster servers in the environment's namespace, one per need. */
import type { InfraDescription, LocalTargetSpec } from '../../model';
import type { KubeContext } from '../kube';
import { LocalBucket } from './bucket';
import { LocalPostgres } from './postgres';
import { LocalQueue } from './queue';

export function buildLocal(d: InfraDescription & { target: LocalTargetSpec }, kube: KubeContext): void {
  for (const need of d.needs) {
    switch (need.kind) {
      case 'postgres':
        new LocalPostgres(d, kube, need);
        break;
      case 'bucket':
        new LocalBucket(d, kube, need);
        break;
      case 'queue':
        new LocalQueue(d, kube, need);
        break;
    }
  }
}
