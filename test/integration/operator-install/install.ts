/**
 * The shop platform's dist/ferry-system/, synthesised into a temp folder, and the part of it
 * other tests build on: the ferry-system Namespace and the real Environment CRD, applied
 * idempotently with server-side apply and left in place (the operator's own tests install the
 * same; Ferry adopts objects applied by `kubectl apply --server-side`).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { KubeObject } from '../../../constructs';
import { synthEnvironments } from '../../../constructs/synth';
import { kubectl, kubectlJson, waitFor } from '../helpers';

const ROOT = resolve(__dirname, '../../..');

export interface SynthesisedSystem {
  /** dist/ferry-system/ */
  readonly dir: string;
  readonly objects: readonly KubeObject[];
  /** The YAML file of an object. */
  file(kind: string, name: string): string;
  dispose(): void;
}

export async function synthSystem(): Promise<SynthesisedSystem> {
  const out = mkdtempSync(join(tmpdir(), 'ferry-system-'));
  const r = await synthEnvironments({
    app: join(ROOT, 'environments', 'index.ts'),
    only: ['ferry-system'],
    outDir: out,
    sourceCommit: null,
    workers: 0,
  });
  if (!r.ok) throw new Error(`synth of ferry-system failed: ${JSON.stringify(r.issues)}`);
  const dir = join(out, 'ferry-system');
  const manifests = join(dir, 'manifests');
  const files = readdirSync(manifests).map((f) => join(manifests, f));
  const objects = files.map((f) => parse(readFileSync(f, 'utf8')) as KubeObject);
  return {
    dir,
    objects,
    file: (kind, name) => {
      const i = objects.findIndex((o) => o.kind === kind && o.metadata.name === name);
      if (i < 0) throw new Error(`${kind}/${name} is not in ferry-system`);
      return files[i];
    },
    dispose: () => rmSync(out, { recursive: true, force: true }),
  };
}

/** Applies the ferry-system Namespace and the Environment CRD and waits until the CRD is Established. */
export async function installCrd(system: SynthesisedSystem): Promise<void> {
  for (const [kind, name] of [
    ['Namespace', 'ferry-system'],
    ['CustomResourceDefinition', 'environments.ferry.dev'],
  ]) {
    await kubectl(['apply', '--server-side', '--force-conflicts', '-f', system.file(kind, name)]);
  }
  await waitFor(
    async () => {
      const crd = await kubectlJson<{ status?: { conditions?: Array<{ type: string; status: string }> } }>([
        'get',
        'crd',
        'environments.ferry.dev',
      ]);
      return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    },
    { description: 'CustomResourceDefinition/environments.ferry.dev to be Established', timeout: 30_000 },
  );
}
