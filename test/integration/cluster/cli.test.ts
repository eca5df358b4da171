/**
 * `ferry cluster up|status|down` as a user runs them, beside the run's own cluster (two control
 * planes side by side): the kubeconfig path is the last line, the node is Ready, a 3-replica
 * Deployment becomes available, and `down` leaves no process behind.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const name = `cli-${process.pid}`;

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd: root, timeout: 150_000 }, (err, stdout, stderr) =>
      done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const ferry = (...args: string[]) =>
  run(join(root, 'node_modules/.bin/node'), [join(root, 'bin/ferry.js'), ...args]);

/** Processes whose command line mentions this cluster's state folder. */
function processesOf(cluster: string): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        return cmd.includes(`/clusters/${cluster}/`) ? [`${pid} ${cmd}`] : [];
      } catch {
        return [];
      }
    });
}

afterAll(async () => {
  await ferry('cluster', 'down', '--name', name);
});

test('cluster up prints the kubeconfig last; down leaves no process', async () => {
  const up = await ferry('cluster', 'up', '--name', name);
  expect(up.code).toBe(0);
  const kubeconfig = up.stdout.trim().split('\n').pop()!;
  expect(kubeconfig).toMatch(new RegExp(`${name}/kubeconfig$`));
  expect(processesOf(name).length).toBeGreaterThanOrEqual(5);

  const kc = (...args: string[]) => run('kubectl', ['--kubeconfig', kubeconfig, ...args]);
  expect((await kc('get', 'nodes', '--no-headers')).stdout).toMatch(/\sReady\s/);
  expect(
    (await kc('create', 'deployment', 'web', '--image=registry.invalid/web:1', '--replicas=3')).code,
  ).toBe(0);
  const available = await kc(
    'wait',
    '--for=jsonpath={.status.availableReplicas}=3',
    'deployment/web',
    '--timeout=60s',
  );
  expect(available.stdout + available.stderr).toContain('condition met');

  const status = await ferry('cluster', 'status', '--name', name);
  expect(status.stdout).toContain(name);
  expect(status.stdout).toMatch(/kube-apiserver/);

  const down = await ferry('cluster', 'down', '--name', name);
  expect(down.code).toBe(0);
  expect(processesOf(name)).toEqual([]);
});
