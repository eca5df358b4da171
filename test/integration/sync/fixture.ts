/**
 * Fixtures for sync-engine integration tests: the example platform synthesised for a per-test
 * environment (own name and namespace), published to a real bare git repository on branch
 * `deploy`, and synced with the real engine against the run's control plane.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthEnvironment, writeEnvironment } from '../../../constructs/synth';
import { Dev, type ShopComponent, type Versions } from '../../../environments';
import { connect, syncEnvironment, type SyncDeps } from '../../../operator/reconcile';
import { resolveSyncConfig, type SyncConfig } from '../../../operator/config';
import type { SyncEvent, SyncResult } from '../../../operator/model';
import { kubectlRaw, testKubeconfig, withoutInfraNeeds } from '../helpers';

export interface TestEnvOptions {
  readonly components?: readonly ShopComponent[];
  readonly versions?: Partial<Versions>;
  /**
   * Keep the infra needs (Postgres, bucket, queue) in the folder, so a sync runs the infra gate
   * (it then needs a Pulumi backend: see helpers/infra.ts). @default false: app-sync tests get a
   * description without needs (`withoutInfraNeeds`).
   */
  readonly infra?: boolean;
}

/** The dev environment under another name and namespace. */
export function testEnvironment(name: string, opts: TestEnvOptions = {}): Dev {
  class TestDev extends Dev {
    override readonly name = name;
    override readonly destination = { cluster: 'local', namespace: name };
    override readonly components: readonly ShopComponent[] = opts.components ?? [
      'public-api',
      'frontend',
      'worker',
      'scheduler',
    ];
    override readonly versions: Versions = { ...new Dev().versions, ...opts.versions };
  }
  return new TestDev();
}

/** Synthesise into `<out>/<name>/`; returns the folder. */
export function synthTo(out: string, name: string, opts: TestEnvOptions = {}): string {
  const output = synthEnvironment(testEnvironment(name, opts), null);
  if (output.issues.length) throw new Error(JSON.stringify(output.issues));
  writeEnvironment(out, name, output.files);
  return opts.infra ? join(out, name) : withoutInfraNeeds(join(out, name));
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=ci@ferry.dev', '-c', 'user.name=ferry-ci', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();
}

/** A bare repository with a `deploy` branch, and a work tree to publish environment folders. */
export class DeployRepo {
  readonly root = mkdtempSync(join(tmpdir(), 'ferry-it-'));
  readonly url = join(this.root, 'deploy.git');
  private readonly work = join(this.root, 'work');
  readonly cacheDir = join(this.root, 'cache');

  constructor() {
    execFileSync('git', ['init', '-q', '--bare', '-b', 'deploy', this.url]);
    mkdirSync(this.work);
    git(this.work, 'init', '-q', '-b', 'deploy');
    git(this.work, 'remote', 'add', 'origin', this.url);
  }

  /** Replace `<env>/` on the branch with `folder` and push; returns the commit id. */
  publish(env: string, folder: string, message = `publish ${env}`): string {
    rmSync(join(this.work, env), { recursive: true, force: true });
    cpSync(folder, join(this.work, env), { recursive: true });
    git(this.work, 'add', '-A');
    git(this.work, 'commit', '-q', '--allow-empty', '-m', message);
    git(this.work, 'push', '-q', 'origin', 'deploy');
    return git(this.work, 'rev-parse', 'HEAD');
  }

  /** Change one file of a published environment in place (e.g. to break it). */
  edit(env: string, file: string, edit: (text: string) => string): string {
    const path = join(this.work, env, file);
    writeFileSync(path, edit(readFileSync(path, 'utf8')));
    git(this.work, 'add', '-A');
    git(this.work, 'commit', '-q', '-m', `edit ${file}`);
    git(this.work, 'push', '-q', 'origin', 'deploy');
    return git(this.work, 'rev-parse', 'HEAD');
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface SyncRun {
  readonly result: SyncResult;
  readonly events: SyncEvent[];
}

export interface SyncOptions {
  readonly prune?: boolean;
  readonly timeout?: string;
  /** @default '2m' (set '0s' to fail at once on an unschedulable pod) */
  readonly unschedulableGrace?: string;
  /** Assert the cluster's identity. */
  readonly cluster?: string;
  /** Anything else of the config (intervals, lease duration, retry policy). */
  readonly config?: Partial<SyncConfig>;
  /** Extra dependencies (a lock, a signal, a clock). */
  readonly deps?: Partial<SyncDeps>;
  readonly kubeconfig?: string;
}

/** The sync config the tests use: short poll intervals, the run's cluster. */
export function testConfig(
  env: string,
  source: { repo: string; cacheDir: string } | { dir: string },
  opts: SyncOptions = {},
): SyncConfig {
  const cfg = resolveSyncConfig(env, {
    ...('repo' in source ? { repo: source.repo } : { dir: source.dir }),
    kubeconfig: opts.kubeconfig ?? testKubeconfig(),
    // Tests prune unless they say otherwise; `prune: undefined` leaves it to syncPolicy.prune.
    prune: 'prune' in opts ? opts.prune : true,
    cluster: opts.cluster,
    timeout: opts.timeout ?? '90s',
    unschedulableGrace: opts.unschedulableGrace,
  });
  return {
    ...cfg,
    healthIntervalMs: 250,
    hookIntervalMs: 250,
    ...('cacheDir' in source ? { cacheDir: source.cacheDir } : {}),
    ...opts.config,
  };
}

export async function sync(
  env: string,
  source: { repo: string; cacheDir: string } | { dir: string },
  opts: SyncOptions = {},
): Promise<SyncRun> {
  const events: SyncEvent[] = [];
  const cfg = testConfig(env, source, opts);
  const kube = await connect(cfg.kubeconfig, cfg.retry);
  try {
    const result = await syncEnvironment({ kube, emit: (e) => events.push(e), ...opts.deps }, cfg);
    return { result, events };
  } finally {
    kube.client.close();
  }
}

/** Refs (`Kind/ns/name`) of the object-applied events with an action, in order. */
export function applied(events: readonly SyncEvent[], action?: string): string[] {
  return events.flatMap((e) =>
    e.type === 'object-applied' && (!action || e.action === action)
      ? [`${e.ref.kind}/${e.ref.namespace ? `${e.ref.namespace}/` : ''}${e.ref.name}`]
      : [],
  );
}

/** What a hand-written folder's environment.json says (defaults: cluster local, prune and self-heal on). */
export interface FolderOptions {
  readonly cluster?: string;
  readonly prune?: boolean;
  readonly allowEmpty?: boolean;
}

/**
 * A hand-written deploy folder: `objects` as manifests (objects as JSON, strings as raw YAML) plus
 * a matching environment.json.
 */
export function writeFolder(
  dir: string,
  env: string,
  namespace: string,
  objects: readonly (object | string)[],
  opts: FolderOptions = {},
): string {
  const folder = join(dir, env);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(join(folder, 'manifests'), { recursive: true });
  const files = objects.map((o, i) => {
    const name = `manifests/${String(i).padStart(3, '0')}.yaml`;
    writeFileSync(join(folder, name), typeof o === 'string' ? o : JSON.stringify(o));
    return name;
  });
  writeFileSync(
    join(folder, 'environment.json'),
    JSON.stringify({
      schemaVersion: 1,
      name: env,
      sourceCommit: null,
      destination: { cluster: opts.cluster ?? 'local', namespace },
      syncPolicy: {
        automated: true,
        prune: opts.prune ?? true,
        selfHeal: true,
        allowEmpty: opts.allowEmpty ?? false,
      },
      infra: { stack: env, needs: [] },
      manifests: files,
    }),
  );
  return folder;
}

/** A test environment with its own bare deploy repository and namespace, cleaned up by `dispose`. */
export class TestEnv {
  readonly repo = new DeployRepo();
  readonly out = mkdtempSync(join(tmpdir(), 'ferry-folder-'));
  readonly src: { repo: string; cacheDir: string };

  constructor(
    readonly env: string,
    readonly namespace = env,
  ) {
    this.src = { repo: this.repo.url, cacheDir: this.repo.cacheDir };
  }

  /** Publish a hand-written revision; returns its commit id. */
  publish(objects: readonly (object | string)[], opts: FolderOptions = {}): string {
    return this.repo.publish(this.env, writeFolder(this.out, this.env, this.namespace, objects, opts));
  }

  sync(opts: SyncOptions = {}): Promise<SyncRun> {
    return sync(this.env, this.src, opts);
  }

  dispose(): void {
    this.repo.dispose();
    rmSync(this.out, { recursive: true, force: true });
  }
}

/** A Namespace and a ConfigMap, the small objects most engine tests sync. */
export const namespaceObject = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});
export const configMapObject = (ns: string, name: string, data: Record<string, string> = { a: '1' }) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns },
  data,
});

/**
 * Test environments of one test file: `make(label)` creates one (named `<label>-<pid>`), and
 * `dispose()` (in afterAll) deletes what they left: their Environment (finalizers dropped, so a
 * stopped operator cannot hold it), their namespace, their repositories.
 */
export function testEnvironments(): { make(label: string): TestEnv; dispose(): Promise<void> } {
  const made: TestEnv[] = [];
  return {
    make(label) {
      const t = new TestEnv(`${label}-${process.pid}`);
      made.push(t);
      return t;
    },
    async dispose() {
      for (const t of made) {
        await forgetEnvironment(t.env);
        await kubectlRaw(['delete', 'namespace', t.namespace, '--wait=false', '--ignore-not-found']);
        t.dispose();
      }
    },
  };
}

/** Delete an Environment resource without waiting for an operator (finalizers dropped). */
export async function forgetEnvironment(name: string, kubeconfig?: string): Promise<void> {
  const ns = ['-n', 'ferry-system'];
  await kubectlRaw(['delete', 'environment', name, ...ns, '--wait=false', '--ignore-not-found'], {
    kubeconfig,
  });
  await kubectlRaw(
    ['patch', 'environment', name, ...ns, '--type=merge', '-p', '{"metadata":{"finalizers":[]}}'],
    {
      kubeconfig,
    },
  );
}
