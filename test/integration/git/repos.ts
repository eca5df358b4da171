/**
 * Real git repositories for the deploy-branch tests: a source repository with commits, bare
 * remotes, and dist/ folders in the deploy format (environment.json plus one Deployment per image).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=dev@example.com', '-c', 'user.name=Dana Dev', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** A scratch folder removed by `dispose()`. */
export class Scratch {
  readonly root = mkdtempSync(join(tmpdir(), 'ferry-git-'));

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  /** A new bare repository. */
  bare(name = 'deploy.git'): string {
    const dir = this.path(name);
    execFileSync('git', ['init', '-q', '--bare', dir]);
    return dir;
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A source repository whose commits stand for the platform's history. */
export class SourceRepo {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    git(dir, 'init', '-q', '-b', 'main');
  }

  commit(message: string): string {
    git(this.dir, 'commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  head(): string {
    return git(this.dir, 'rev-parse', 'HEAD');
  }
}

export interface EnvSpec {
  readonly sourceCommit: string | null;
  /** component → image tag (`ghcr.io/acme/<component>:<tag>`). */
  readonly images: Record<string, string>;
  readonly namespace?: string;
}

function deployment(env: string, ns: string, name: string, tag: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${ns}`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    `        - image: ghcr.io/acme/${name}:${tag}`,
    `          name: ${name}`,
    `# environment ${env}`,
    '',
  ].join('\n');
}

/** Write `<dist>/<env>/` in the deploy format. */
export function writeEnv(dist: string, env: string, spec: EnvSpec): void {
  const dir = join(dist, env);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'manifests'), { recursive: true });
  const ns = spec.namespace ?? `shop-${env}`;
  const manifests = Object.keys(spec.images)
    .sort()
    .map((name) => `manifests/${ns}--deployment.apps--${name}.yaml`);
  for (const name of Object.keys(spec.images)) {
    writeFileSync(
      join(dir, `manifests/${ns}--deployment.apps--${name}.yaml`),
      deployment(env, ns, name, spec.images[name]!),
    );
  }
  const json = {
    schemaVersion: 1,
    name: env,
    sourceCommit: spec.sourceCommit,
    destination: { cluster: 'local', namespace: ns },
    manifests,
  };
  writeFileSync(join(dir, 'environment.json'), JSON.stringify(json, null, 2) + '\n');
}

/** Files on a branch of a (bare) repository, or [] when the branch does not exist. */
export function branchFiles(repo: string, branch = 'deploy'): string[] {
  try {
    return git(repo, 'ls-tree', '-r', '--name-only', branch).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

export function branchLog(repo: string, branch = 'deploy'): string[] {
  return git(repo, 'log', '--format=%H', branch).split('\n').filter(Boolean);
}

export function showFile(repo: string, rev: string, path: string): string {
  return git(repo, 'show', `${rev}:${path}`);
}

/** Paths changed by one commit. */
export function changedPaths(repo: string, rev: string): string[] {
  return git(repo, 'diff-tree', '--root', '--no-commit-id', '-r', '--name-only', rev)
    .split('\n')
    .filter(Boolean);
}
