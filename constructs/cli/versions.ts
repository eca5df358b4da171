/**
 * `ferry versions`: the image tag of every component in every environment (from each class's
 * `versions`), the declared promotion order, and what each promotion would move today.
 */
import { out, table } from '../../operator/cli/output';
import { versionsOf, type VersionMap } from '../promotion';
import { AuthoringError, appPath, loadApp } from './app';

export interface VersionMatrix {
  readonly environments: readonly string[];
  readonly components: readonly string[];
  /** component → environment → tag (absent: the environment has no tag for it). */
  readonly tags: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly promotions: ReadonlyArray<{
    readonly source: string;
    readonly target: string;
    readonly pending: ReadonlyArray<{ component: string; from: string; to: string }>;
  }>;
}

export function versionMatrix(
  envs: ReadonlyArray<{ name: string; versions: VersionMap }>,
  promotions: ReadonlyArray<{ source: string; target: string }>,
): VersionMatrix {
  const components: string[] = [];
  const tags: Record<string, Record<string, string>> = {};
  for (const env of envs) {
    for (const [component, tag] of Object.entries(env.versions)) {
      if (!tags[component]) {
        components.push(component);
        tags[component] = {};
      }
      tags[component][env.name] = tag;
    }
  }
  const byName = new Map(envs.map((e) => [e.name, e.versions]));
  return {
    environments: envs.map((e) => e.name),
    components,
    tags,
    promotions: promotions.map(({ source, target }) => ({
      source,
      target,
      pending: Object.entries(byName.get(source) ?? {})
        .filter(([c, tag]) => byName.get(target)?.[c] !== undefined && byName.get(target)?.[c] !== tag)
        .map(([component, to]) => ({ component, from: byName.get(target)![component]!, to })),
    })),
  };
}

export function versionsCommand(flags: { app?: string; json?: boolean }): number {
  try {
    const app = loadApp(appPath(flags.app));
    const envs = app.environments.flatMap((e) => {
      const versions = versionsOf(e);
      return versions ? [{ name: e.name, versions }] : [];
    });
    const matrix = versionMatrix(envs, app.promotions);
    if (flags.json) {
      out(JSON.stringify(matrix, null, 2));
      return 0;
    }
    if (!envs.length) {
      out('no environment exposes `versions` (component → image tag)');
      return 0;
    }
    const rows = matrix.components.map((c) => [
      c,
      ...matrix.environments.map((e) => matrix.tags[c]![e] ?? '-'),
    ]);
    for (const line of table([['COMPONENT', ...matrix.environments], ...rows])) out(line);
    if (matrix.promotions.length) {
      out();
      out(`promotion order: ${matrix.promotions.map((p) => `${p.source} -> ${p.target}`).join(', ')}`);
      for (const p of matrix.promotions) {
        const moves = p.pending.map((m) => `${m.component} ${m.from} -> ${m.to}`).join(', ');
        out(`  ferry promote ${p.source} ${p.target}: ${moves || 'nothing to promote'}`);
      }
    }
    return 0;
  } catch (err) {
    process.stderr.write(`ferry versions: ${(err as Error).message}\n`);
    return err instanceof AuthoringError ? 2 : 1;
  }
}
