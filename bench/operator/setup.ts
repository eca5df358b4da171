/**
 * What bench/operator runs against: a deploy repository (a bare repo in a temp folder with one
 * environment folder: a Namespace, a ConfigMap and a Deployment whose image tag changes per
 * commit), the ferry-system Namespace and the real Environment CRD on the control plane, the
 * webhook Secret, and one Environment.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { synthEnvironments } from '../../constructs/synth';

export const ENV = 'bench-op';
export const NAMESPACE = 'bench-op';
export const WEBHOOK_SECRET = 'bench-webhook-secret';

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

export function kubectl(kubeconfig: string, args: readonly string[], input?: string): string {
  return execFileSync(process.env.KUBECTL ?? 'kubectl', ['--kubeconfig', kubeconfig, ...args], {
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export class BenchRepo {
  readonly url: string;
  private readonly work: string;

  constructor(root: string) {
    this.url = join(root, 'deploy.git');
    this.work = join(root, 'work');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'deploy', this.url]);
    mkdirSync(this.work);
    git(this.work, 'init', '-q', '-b', 'deploy');
    git(this.work, 'config', 'user.email', 'bench@example.com');
    git(this.work, 'config', 'user.name', 'bench');
    git(this.work, 'remote', 'add', 'origin', this.url);
  }

  /** The work-tree folder of `env`. */
  folder(env: string): string {
    return join(this.work, env);
  }

  /** Write one environment folder (not committed). */
  writeFolder(env: string, ns: string, objects: readonly object[]): void {
    const dir = join(this.work, env);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'manifests'), { recursive: true });
    const files = objects.map((o, i) => {
      const name = `manifests/${String(i).padStart(4, '0')}.yaml`;
      writeFileSync(join(dir, name), JSON.stringify(o));
      return name;
    });
    writeFileSync(
      join(dir, 'environment.json'),
      JSON.stringify({
        schemaVersion: 1,
        name: env,
        sourceCommit: null,
        destination: { cluster: 'local', namespace: ns },
        syncPolicy: { automated: true, prune: true, selfHeal: true, allowEmpty: false },
        infra: { stack: env, needs: [] },
        manifests: files,
      }),
    );
  }

  /** Commit everything written and push; returns the commit id. */
  commit(message: string): string {
    git(this.work, 'add', '-A');
    git(this.work, 'commit', '-q', '-m', message);
    git(this.work, 'push', '-q', 'origin', 'deploy');
    return git(this.work, 'rev-parse', 'HEAD');
  }

  /** The latency environment with image tag `tag`, committed and pushed; returns the commit id. */
  publish(tag: string): string {
    this.writeFolder(ENV, NAMESPACE, [
      namespace(NAMESPACE),
      configMap(NAMESPACE, 'settings'),
      deployment(NAMESPACE, 'api', `ghcr.io/acme-shop/api:${tag}`),
    ]);
    return this.commit(`api ${tag}`);
  }
}

export const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
export const configMap = (ns: string, name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns },
  data: { a: '1' },
});
export const deployment = (ns: string, name: string, image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image }] } },
  },
});

/** The ferry-system Namespace, the Environment CRD (as synth builds it), the webhook Secret. */
export async function installBasics(kubeconfig: string, tmp: string): Promise<void> {
  const out = join(tmp, 'system');
  const r = await synthEnvironments({
    app: join(__dirname, '..', '..', 'environments', 'index.ts'),
    only: ['ferry-system'],
    outDir: out,
    sourceCommit: null,
    workers: 0,
  });
  if (!r.ok) throw new Error(`synth of ferry-system failed: ${JSON.stringify(r.issues)}`);
  const manifests = join(out, 'ferry-system', 'manifests');
  for (const f of readdirSync(manifests).sort()) {
    const kind = (parse(readFileSync(join(manifests, f), 'utf8')) as { kind?: string }).kind;
    if (kind === 'Namespace' || kind === 'CustomResourceDefinition') {
      kubectl(kubeconfig, ['apply', '--server-side', '--force-conflicts', '-f', join(manifests, f)]);
    }
  }
  kubectl(kubeconfig, ['wait', '--for=condition=Established', 'crd/environments.ferry.dev', '--timeout=60s']);
  kubectl(
    kubeconfig,
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ferry-webhook', namespace: 'ferry-system' },
      stringData: { secret: WEBHOOK_SECRET },
    }),
  );
}

export function applyEnvironment(
  kubeconfig: string,
  repo: string,
  name = ENV,
  ns = NAMESPACE,
  interval = '10m',
): void {
  kubectl(
    kubeconfig,
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'ferry.dev/v1alpha1',
      kind: 'Environment',
      metadata: { name, namespace: 'ferry-system' },
      spec: {
        source: { repo, branch: 'deploy', path: name },
        destination: { cluster: 'in-cluster', namespace: ns },
        syncPolicy: { automated: true, prune: true, selfHeal: true },
        interval,
      },
    }),
  );
}
