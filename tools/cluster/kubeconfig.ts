/** The admin kubeconfig of a local control plane (credentials embedded, so the file can be copied). */
import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { Pki } from './pki';

const b64 = (file: string): string => readFileSync(file).toString('base64');

export function writeKubeconfig(file: string, clusterName: string, server: string, pki: Pki): void {
  const context = `ferry-${clusterName}`;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: context, cluster: { server, 'certificate-authority-data': b64(pki.caCert) } }],
    users: [
      {
        name: `${context}-admin`,
        user: { 'client-certificate-data': b64(pki.adminCert), 'client-key-data': b64(pki.adminKey) },
      },
    ],
    contexts: [
      { name: context, context: { cluster: context, user: `${context}-admin`, namespace: 'default' } },
    ],
    'current-context': context,
    preferences: {},
  };
  writeFileSync(file, stringify(config), { mode: 0o600 });
}
