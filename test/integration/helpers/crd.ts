/**
 * The Environment CRD on the run's control plane — the real one, as synth builds it into
 * dist/ferry-system/ — applied idempotently (tests share the cluster; nothing deletes it).
 */
import { installCrd, synthSystem } from '../operator-install/install';

let installed: Promise<void> | undefined;

export function ensureEnvironmentCrd(): Promise<void> {
  installed ??= (async () => {
    const system = await synthSystem();
    try {
      await installCrd(system);
    } finally {
      system.dispose();
    }
  })();
  return installed;
}
