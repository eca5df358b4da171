/**
 * `ferry diff` without a cluster: `--between A B` compares two synthesised environments field by
 * field; a cluster that cannot be reached (refused connection, untrusted certificate) is said
 * plainly and exits 2, not 1 ("changes pending").
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { synthEnvironments } from '../../../constructs/synth';

const ROOT = path.join(__dirname, '..', '..', '..');
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');

function ferry(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(NODE, [path.join(ROOT, 'bin', 'ferry.js'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let tmp: string;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-diff-'));
  const r = await synthEnvironments({
    app: path.join(ROOT, 'environments', 'index.ts'),
    outDir: path.join(tmp, 'dist'),
    sourceCommit: null,
    workers: 0,
  });
  expect(r.ok).toBe(true);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('ferry diff --between', () => {
  it('lists field-level differences between two environments and exits 1', async () => {
    const r = await ferry(['diff', '--between', 'staging', 'production', '--dist', path.join(tmp, 'dist')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('~ apps/Deployment/public-api');
    expect(lines).toContain(
      '    spec.template.spec.containers[0].image: "ghcr.io/acme-shop/public-api:1.42.0" → "ghcr.io/acme-shop/public-api:1.41.2"',
    );
    expect(lines).toContain('    destination.namespace: "shop-staging" → "shop"');
    expect(lines).toContain('    spec.replicas: 2 → 3');
    expect(r.stdout).not.toMatch(/ferry\.dev\/env: "/);
    expect(r.stdout).not.toContain('Namespace/');
    expect(lines).toContain(
      '12 objects differ, 0 only in staging, 0 only in production, environment.json differs',
    );
  }, 30000);

  it('names objects only one environment has', async () => {
    const r = await ferry(['diff', '--between', 'dev', 'staging', '--dist', path.join(tmp, 'dist')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('+ batch/Job/smoke-test (only in staging)');
  }, 30000);

  it('exits 0 for identical environments and 2 for a missing one', async () => {
    const same = await ferry(['diff', '--between', 'dev', 'dev', '--dist', path.join(tmp, 'dist')]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('dev and dev are identical');
    const missing = await ferry(['diff', '--between', 'dev', 'qa', '--dist', path.join(tmp, 'dist')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('environment.json: missing: this is not a Ferry deploy folder');
    expect(missing.stderr).toContain('run `ferry synth` first');
  }, 30000);
});

describe('ferry diff <env> without a reachable cluster', () => {
  const kubeconfig = (server: string, extra: string) => {
    const file = path.join(tmp, `kubeconfig-${Math.random().toString(36).slice(2)}`);
    fs.writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters: [{name: c, cluster: {server: "${server}"${extra}}}]`,
        'users: [{name: u, user: {token: t}}]',
        'contexts: [{name: x, context: {cluster: c, user: u}}]',
        'current-context: x',
        '',
      ].join('\n'),
    );
    return file;
  };

  it('says so, names the server and kubeconfig, and exits 2 when the connection is refused', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((r) => server.close(r));
    const kc = kubeconfig(`https://127.0.0.1:${port}`, ', insecure-skip-tls-verify: true');
    const r = await ferry(['diff', 'dev', '--dir', path.join(tmp, 'dist', 'dev'), '--kubeconfig', kc]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `ferry: cannot reach the cluster at https://127.0.0.1:${port} (kubeconfig ${kc}): `,
    );
    expect(r.stderr).toContain('ECONNREFUSED');
    expect(r.stderr).toContain('Nothing was compared. Check that the cluster is running');
  }, 30000);

  it('says so and exits 2 when the server certificate is not trusted', async () => {
    const key = path.join(tmp, 'key.pem');
    const cert = path.join(tmp, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      {
        stdio: 'ignore',
      },
    );
    const server = tls.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (s) =>
      s.end(),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const kc = kubeconfig(`https://127.0.0.1:${port}`, '');
      const r = await ferry(['diff', 'dev', '--dir', path.join(tmp, 'dist', 'dev'), '--kubeconfig', kc]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `ferry: cannot reach the cluster at https://127.0.0.1:${port} (kubeconfig ${kc}): `,
      );
      expect(r.stderr).toMatch(/self[- ]signed certificate/);
    } finally {
      server.close();
    }
  }, 30000);
});
