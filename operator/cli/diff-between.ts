/**
 * `ferry diff --between A B [--dist DIR]`: what differs between two environments' synthesised
 * objects, field by field, read from their deploy folders (no cluster). Objects are matched by
 * group, kind and name; the namespace (also inside `ferry.dev/depends-on`) and the
 * `ferry.dev/env` label always differ between environments and are not compared, and each environment's own Namespace object is matched
 * with the other's. environment.json is compared too (destination, sync policy, infra).
 * Exit 0 when identical, 1 when something differs, 2 when a folder is missing or invalid.
 */
import { join } from 'node:path';
// compare.ts alone: the apply barrel would load the Kubernetes client.
import { fieldChanges, formatChange } from '../apply/compare';
import { loadEnvironmentFolder, type LoadedEnvironment } from '../manifests';
import type { KubeObject } from '../model';
import { EXIT, out, reportError } from './output';

const ENV_LABEL = 'ferry.dev/env';
const DEPENDS_ON = 'ferry.dev/depends-on';
const OWN = '(environment namespace)';

/** Removes the environment label from every label set (object and pod templates). */
function dropEnvLabel(v: unknown): void {
  if (Array.isArray(v)) v.forEach(dropEnvLabel);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'labels' && x && typeof x === 'object') delete (x as Record<string, unknown>)[ENV_LABEL];
      else dropEnvLabel(x);
    }
  }
}

function comparableObjects(env: LoadedEnvironment): Map<string, KubeObject> {
  const byKey = new Map<string, KubeObject>();
  const own = env.environment.destination.namespace;
  for (const d of env.objects) {
    const m = structuredClone(d.manifest) as KubeObject;
    const meta = m.metadata as { namespace?: string; name: string; annotations?: Record<string, string> };
    delete meta.namespace;
    dropEnvLabel(m);
    const deps = meta.annotations?.[DEPENDS_ON];
    if (deps) {
      meta.annotations![DEPENDS_ON] = deps
        .split(',')
        .map((r) =>
          r
            .split('/')
            .map((part, i) => (i === 2 && part === own ? OWN : part))
            .join('/'),
        )
        .join(',');
    }
    const isOwnNamespace = d.ref.kind === 'Namespace' && d.ref.name === own;
    if (isOwnNamespace) meta.name = OWN;
    const group = d.ref.group ? `${d.ref.group}/` : '';
    byKey.set(`${group}${d.ref.kind}/${meta.name}`, m);
  }
  return byKey;
}

function settings(env: LoadedEnvironment): Record<string, unknown> {
  const { destination, syncPolicy, infra } = env.environment;
  return JSON.parse(JSON.stringify({ destination, syncPolicy, infra })) as Record<string, unknown>;
}

export async function diffBetweenCommand(names: readonly string[], dist: string): Promise<number> {
  if (names.length !== 2) {
    process.stderr.write(`ferry: --between takes two environments, e.g. --between staging production\n`);
    return EXIT.invalid;
  }
  const [a, b] = names as [string, string];
  let envA: LoadedEnvironment;
  let envB: LoadedEnvironment;
  try {
    envA = await loadEnvironmentFolder(join(dist, a), { expectedName: a });
    envB = await loadEnvironmentFolder(join(dist, b), { expectedName: b });
  } catch (err) {
    const code = reportError(err);
    process.stderr.write(`ferry: run \`ferry synth\` first (or pass --dist DIR where the folders are)\n`);
    return code === EXIT.failed ? EXIT.invalid : code;
  }
  const objsA = comparableObjects(envA);
  const objsB = comparableObjects(envB);
  const lines: string[] = [];
  const settingChanges = fieldChanges(settings(envA), settings(envB));
  if (settingChanges.length)
    lines.push('~ environment.json', ...settingChanges.map((c) => `    ${formatChange(c)}`));
  let changed = 0;
  let onlyA = 0;
  let onlyB = 0;
  for (const key of [...new Set([...objsA.keys(), ...objsB.keys()])].sort()) {
    const x = objsA.get(key);
    const y = objsB.get(key);
    if (!y) {
      onlyA++;
      lines.push(`- ${key} (only in ${a})`);
    } else if (!x) {
      onlyB++;
      lines.push(`+ ${key} (only in ${b})`);
    } else {
      const changes = fieldChanges(x, y);
      if (changes.length === 0) continue;
      changed++;
      lines.push(`~ ${key}`, ...changes.map((c) => `    ${formatChange(c)}`));
    }
  }
  out(
    `${a} → ${b} (${join(dist, a)}, ${join(dist, b)}; the namespace and the ${ENV_LABEL} label are not compared)`,
  );
  lines.forEach((l) => out(l));
  out();
  const same = lines.length === 0;
  out(
    same
      ? `${a} and ${b} are identical`
      : `${changed} object${changed === 1 ? '' : 's'} differ, ${onlyA} only in ${a}, ${onlyB} only in ${b}${settingChanges.length ? ', environment.json differs' : ''}`,
  );
  return same ? EXIT.ok : EXIT.failed;
}
