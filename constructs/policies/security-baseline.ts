import { containersOf, podSpecOf, type KubeObject } from '../kube-object';
import type { Policy } from './policy';

/**
 * Pod Security "restricted" baseline on every workload: non-root, RuntimeDefault seccomp, no
 * privilege escalation, all capabilities dropped, read-only root filesystem, no service account
 * token unless asked for. Values a component set explicitly are kept, except that privileged and
 * root are never allowed.
 */
export class SecurityBaseline implements Policy {
  readonly name = 'security-baseline';

  apply(obj: KubeObject): void {
    const pod = podSpecOf(obj);
    if (!pod) return;
    pod.automountServiceAccountToken ??= false;
    const psc = (pod.securityContext ??= {});
    psc.runAsNonRoot = true;
    psc.seccompProfile ??= { type: 'RuntimeDefault' };
    for (const c of containersOf(pod)) {
      const sc = (c.securityContext ??= {});
      sc.runAsNonRoot = true;
      sc.privileged = false;
      sc.allowPrivilegeEscalation = false;
      sc.readOnlyRootFilesystem ??= true;
      sc.capabilities ??= { drop: ['ALL'] };
    }
  }
}
