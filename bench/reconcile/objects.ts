/**
 * The benchmark's objects: N small objects (half ConfigMaps, half Deployments with one replica)
 * plus their Namespace, written once as a Ferry deploy folder (`<root>/<env>/environment.json` +
 * `<root>/<env>/manifests/*.yaml`, one object per file). kubectl applies the very same manifest
 * files, so both tools send identical objects.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
} & {
  [key: string]: Json;
};

export interface BenchSet {
  /** The environment folder for `ferry sync --dir`. */
  readonly envDir: string;
  /** Its manifests/ folder, the argument of `kubectl apply -f`. */
  readonly manifestsDir: string;
  readonly configMaps: number;
  readonly deployments: number;
  /** Files written, the Namespace included. */
  readonly files: number;
}

export interface BenchSetOptions {
  /** Folder receiving `<env>/`. */
  readonly root: string;
  /** Objects besides the Namespace; the first half (rounded up) ConfigMaps, the rest Deployments. */
  readonly objects: number;
  /** @default 'bench' */
  readonly env?: string;
  /** @default 'bench' */
  readonly namespace?: string;
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys(v[k]!)]),
    );
  }
  return v;
}

/** YAML in the deploy format: apiVersion, kind, metadata first, everything sorted below. */
function toYaml(m: Manifest): string {
  const { apiVersion, kind, metadata, ...rest } = m;
  const ordered = { apiVersion, kind, metadata: sortKeys(metadata), ...(sortKeys(rest) as object) };
  return stringify(ordered, { lineWidth: 0 });
}

function fileName(m: Manifest): string {
  const [group, version] = m.apiVersion.includes('/') ? m.apiVersion.split('/') : ['', m.apiVersion];
  const kind = group && version ? `${m.kind}.${group}` : m.kind;
  return `${m.metadata.namespace ?? '_cluster'}--${kind}--${m.metadata.name}.yaml`.toLowerCase();
}

function labels(env: string, name: string): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'ferry',
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': 'bench',
    'ferry.dev/env': env,
  };
}

function configMap(env: string, namespace: string, i: number): Manifest {
  const name = `settings-${i}`;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: labels(env, name) },
    data: { LOG_LEVEL: 'info', INDEX: String(i), UPSTREAM_URL: `http://svc-${i}.${namespace}:8080` },
  };
}

function deployment(env: string, namespace: string, i: number): Manifest {
  const name = `svc-${i}`;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: labels(env, name) },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels: labels(env, name) },
        spec: {
          containers: [
            {
              name: 'app',
              image: `registry.example.com/bench/svc:1.0.${i}`,
              ports: [{ containerPort: 8080, name: 'http' }],
              resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
            },
          ],
        },
      },
    },
  };
}

/** Write the deploy folder; returns where it is and what it holds. */
export function writeBenchSet(opts: BenchSetOptions): BenchSet {
  const env = opts.env ?? 'bench';
  const namespace = opts.namespace ?? 'bench';
  const configMaps = Math.ceil(opts.objects / 2);
  const deployments = opts.objects - configMaps;
  const manifests: Manifest[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: { 'app.kubernetes.io/managed-by': 'ferry', 'ferry.dev/env': env },
      },
    },
    ...Array.from({ length: configMaps }, (_, i) => configMap(env, namespace, i)),
    ...Array.from({ length: deployments }, (_, i) => deployment(env, namespace, i)),
  ];
  const envDir = join(opts.root, env);
  const manifestsDir = join(envDir, 'manifests');
  mkdirSync(manifestsDir, { recursive: true });
  const files: string[] = [];
  for (const m of manifests) {
    const file = fileName(m);
    writeFileSync(join(manifestsDir, file), toYaml(m));
    files.push(`manifests/${file}`);
  }
  const environment = {
    schemaVersion: 1,
    name: env,
    sourceCommit: null,
    destination: { cluster: 'local', namespace },
    syncPolicy: { automated: true, prune: true, selfHeal: true, allowEmpty: false },
    manifests: files.sort(),
  };
  writeFileSync(join(envDir, 'environment.json'), `${JSON.stringify(environment, null, 2)}\n`);
  return { envDir, manifestsDir, configMaps, deployments, files: files.length };
}
