/**
 * Git credentials of an Environment: `spec.source.secretRef` names a Secret in ferry-system with
 * key `token` (HTTPS) or `sshPrivateKey` (written to a private file for git's ssh).
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObjects } from '../adapters/kube';
import { FerryError, type EnvironmentResource } from '../model';

export class CredentialsError extends FerryError {}

export async function gitCredentials(
  kube: KubeObjects,
  env: EnvironmentResource,
  namespace: string,
  keyDir: string,
): Promise<{ token?: string; sshKeyPath?: string }> {
  const ref = env.spec.source.secretRef;
  if (!ref) return {};
  const secret = await kube.get({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: ref.name, namespace },
  });
  const where = `Secret ${namespace}/${ref.name} (spec.source.secretRef)`;
  if (!secret) throw new CredentialsError(`${where} does not exist`);
  const data = (secret.data ?? {}) as Record<string, string>;
  const decode = (k: string) => (data[k] ? Buffer.from(data[k], 'base64').toString('utf8') : undefined);
  const token = decode('token');
  const key = decode('sshPrivateKey');
  if (!token && !key)
    throw new CredentialsError(`${where} has neither a \`token\` nor an \`sshPrivateKey\` key`);
  if (!key) return { token };
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  const path = join(keyDir, `${env.metadata.name}.key`);
  writeFileSync(path, key.endsWith('\n') ? key : `${key}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return { token, sshKeyPath: path };
}
