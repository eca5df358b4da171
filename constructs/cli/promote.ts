/**
 * `ferry promote <source> <target> [--component C...]`: the target environment takes the source's
 * image tags. Rewrites the versions module as committed at HEAD, shows the version diff, and
 * commits the change on a new branch (the work tree and the checked-out branch are left alone),
 * ready for a pull request. Refuses, unless `--force`, a promotion the platform does not declare
 * and a source environment that is not known to be Synced and Healthy.
 * Exit 0 committed or nothing to promote, 1 refused or failed, 2 bad input.
 */
import { realpathSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { LocalRepo } from '../../operator/adapters/git';
import { out, table } from '../../operator/cli/output';
import { versionsOf } from '../promotion';
import { AuthoringError, appPath, loadApp, type AuthoringApp } from './app';
import { planPromotion, promotionMessage, type PromotionPlan } from './promotion-plan';
import { environmentStatusReadiness, type SourceReadiness } from './readiness';
import { parseVersionsFile, rewriteVersions } from './versions-file';

/** The promotion was refused (not declared, source not ready): exit 1, `--force` overrides. */
export class PromotionRefused extends Error {
  override name = 'PromotionRefused';
}

export interface PromoteOptions {
  readonly app: AuthoringApp;
  /** Absolute path of the versions module. */
  readonly versionsPath: string;
  readonly source: string;
  readonly target: string;
  readonly components?: readonly string[];
  readonly force?: boolean;
  readonly dryRun?: boolean;
  /** @default promote/<source>-to-<target>-<HEAD, 8 characters> */
  readonly branch?: string;
  readonly kubeconfig?: string;
  readonly readiness: SourceReadiness;
  readonly log?: (line: string) => void;
}

export interface PromoteResult {
  readonly plan: PromotionPlan;
  readonly outcome: 'nothing' | 'dry-run' | 'committed';
  readonly branch?: string;
  readonly commit?: string;
}

/** The classes must take their tags from the module, or rewriting it would change nothing. */
function checkClassesReadModule(
  app: AuthoringApp,
  path: string,
  envs: ReadonlyMap<string, ReadonlyMap<string, { value: string }>>,
  names: readonly string[],
): void {
  for (const name of names) {
    const env = app.environments.find((e) => e.name === name);
    if (!env) {
      const known = app.environments.map((e) => e.name).join(', ');
      throw new AuthoringError(`no environment named "${name}" in ${app.path} (allEnvironments(): ${known})`);
    }
    const declared = versionsOf(env);
    for (const [component, literal] of envs.get(name) ?? []) {
      if (declared?.[component] !== literal.value) {
        throw new AuthoringError(
          `environment ${name} does not take its tags from ${path}: ${component} is ${JSON.stringify(declared?.[component])} in the class and "${literal.value}" in the module at HEAD; make the class read \`versions.${name}\` (and commit it)`,
        );
      }
    }
  }
}

export async function promote(opts: PromoteOptions): Promise<PromoteResult> {
  const log = opts.log ?? (() => undefined);
  const repo = await LocalRepo.find(dirname(opts.versionsPath));
  if (!repo) throw new AuthoringError(`${opts.versionsPath} is not in a git repository`);
  const rel = relative(realpathSync(repo.dir), realpathSync(opts.versionsPath)).split('\\').join('/');
  if (await repo.isDirty(rel)) {
    throw new AuthoringError(`${rel} has uncommitted changes; commit or stash them, then promote`);
  }
  const head = await repo.head();
  const text = await repo.show(head, rel);
  if (text === null) throw new AuthoringError(`${rel} is not committed; commit it first`);
  const file = parseVersionsFile(rel, text);
  for (const p of file.problems) log(`note: ${p}`);
  const plan = planPromotion({
    file,
    source: opts.source,
    target: opts.target,
    ...(opts.components?.length ? { components: opts.components } : {}),
    promotions: opts.app.promotions,
  });
  checkClassesReadModule(opts.app, rel, file.envs, [plan.source, plan.target]);
  if (!plan.declared) {
    const order = opts.app.promotions.map((p) => `${p.source} -> ${p.target}`).join(', ') || 'none';
    const message = `${plan.source} -> ${plan.target} is not a declared promotion (declared: ${order}); declare it with Promotion.from(…).to(…) in ${opts.app.path}`;
    if (!opts.force) throw new PromotionRefused(`${message}, or pass --force`);
    log(`warning: ${message}; promoting anyway (--force)`);
  }
  if (!plan.moves.length) return { plan, outcome: 'nothing' };
  if (opts.force) {
    log(`not checking that ${plan.source} is Synced and Healthy (--force)`);
  } else {
    const readiness = await opts.readiness.sourceEnvironmentReady(
      opts.kubeconfig,
      plan.source,
      head,
      plan.moves.map((m) => ({ component: m.component, tag: m.to })),
    );
    if (!readiness.ready) throw new PromotionRefused(readiness.reason);
    log(readiness.detail);
  }
  if (opts.dryRun) return { plan, outcome: 'dry-run' };
  const updated = rewriteVersions(
    file,
    plan.moves.map((m) => ({ env: plan.target, component: m.component, tag: m.to })),
  );
  const branch = opts.branch ?? `promote/${plan.source}-to-${plan.target}-${head.slice(0, 8)}`;
  const commit = await repo.commitOnNewBranch(
    branch,
    head,
    new Map([[rel, updated]]),
    promotionMessage(plan),
  );
  return { plan, outcome: 'committed', branch, commit };
}

export interface PromoteFlags {
  readonly app?: string;
  readonly versions?: string;
  readonly component?: string[];
  readonly force?: boolean;
  readonly dryRun?: boolean;
  readonly branch?: string;
  readonly kubeconfig?: string;
}

export async function promoteCommand(source: string, target: string, flags: PromoteFlags): Promise<number> {
  try {
    const app = loadApp(appPath(flags.app));
    const versionsPath = flags.versions ? resolve(flags.versions) : join(app.dir, 'versions.ts');
    const result = await promote({
      app,
      versionsPath,
      source,
      target,
      ...(flags.component ? { components: flags.component } : {}),
      force: flags.force ?? false,
      dryRun: flags.dryRun ?? false,
      ...(flags.branch ? { branch: flags.branch } : {}),
      ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
      readiness: environmentStatusReadiness,
      log: (line) => out(line),
    });
    const { plan } = result;
    if (result.outcome === 'nothing') {
      out(`nothing to promote: ${plan.target} already runs ${plan.source}'s tags`);
      return 0;
    }
    out(`promote ${plan.source} -> ${plan.target}`);
    const rows = plan.moves.map((m) => [m.component, m.from, '->', m.to]);
    for (const line of table([['COMPONENT', plan.target.toUpperCase(), '', 'NEW'], ...rows]))
      out(`  ${line}`);
    if (plan.unchanged.length) out(`  unchanged: ${plan.unchanged.join(', ')}`);
    if (plan.missing.length) out(`  not in ${plan.target}: ${plan.missing.join(', ')}`);
    if (result.outcome === 'dry-run') {
      out('dry run: nothing committed');
      return 0;
    }
    out(`committed ${result.commit!.slice(0, 12)} on branch ${result.branch}`);
    out(`next: git push -u origin ${result.branch}, then open a pull request`);
    return 0;
  } catch (err) {
    const e = err as Error;
    process.stderr.write(`ferry promote: ${e.message}\n`);
    if (err instanceof PromotionRefused) return 1;
    return err instanceof AuthoringError ? 2 : 1;
  }
}
