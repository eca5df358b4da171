/**
 * `ferry publish`: commit dist/ to the deploy branch (see operator/deploy/publish.ts). Exit 0
 * published, unchanged or dry run; 1 refused or failed; 2 bad input.
 */
import { resolve } from 'node:path';
import { LocalRepo } from '../adapters/git';
import { ConfigError, credentials, parseCount, repoLocation, validBranch, validFolderName } from '../config';
import {
  DeployInputError,
  OlderSourceError,
  publish,
  type PublishOptions,
  type PublishResult,
} from '../deploy';
import { formatFieldChange } from '../deploy/fields';
import { formatMove } from '../deploy/images';
import { EXIT, out, reportError } from './output';

export interface PublishFlags {
  readonly dist?: string;
  readonly repo?: string;
  readonly branch?: string;
  readonly source?: string;
  readonly sourceCommit?: string;
  readonly remove?: string[];
  readonly force?: boolean;
  readonly dryRun?: boolean;
  readonly retries?: string;
  readonly token?: string;
  readonly sshKey?: string;
}

/** Flags → options. The source repository gives the default --repo (its origin). */
export async function publishOptions(flags: PublishFlags): Promise<PublishOptions> {
  const sourceRepo = await LocalRepo.find(resolve(flags.source ?? '.'));
  let repo = flags.repo;
  if (!repo) {
    repo = (await sourceRepo?.remoteUrl('origin')) ?? undefined;
    if (!repo) {
      throw new ConfigError(
        'no deploy repository: pass --repo URL (the current directory has no git remote "origin")',
      );
    }
  }
  if (flags.sourceCommit && !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(flags.sourceCommit)) {
    throw new ConfigError(`--source-commit: "${flags.sourceCommit}" is not a full commit id`);
  }
  return {
    repo: repoLocation(repo),
    branch: validBranch(flags.branch ?? 'deploy'),
    auth: credentials(flags),
    distDir: resolve(flags.dist ?? 'dist'),
    remove: (flags.remove ?? []).map((r) => validFolderName(r, '--remove')),
    ...(flags.sourceCommit ? { sourceCommit: flags.sourceCommit } : {}),
    sourceRepo,
    force: flags.force ?? false,
    dryRun: flags.dryRun ?? false,
    retries: parseCount(flags.retries, 5, '--retries'),
    log: (line) => out(line),
  };
}

const SIGN = { create: '+', change: '~', delete: '-' } as const;
const MAX_FIELDS = 8;

/** The review summary of a dry run: per environment, objects and fields that would change. */
export function printChanges(result: PublishResult): void {
  for (const c of result.changes) {
    out();
    const from = c.previousSource ? ` (on the branch from ${c.previousSource.slice(0, 12)})` : '';
    out(`${c.action === 'add' ? '+' : c.action === 'remove' ? '-' : '~'} ${c.name}${from}`);
    for (const m of c.images) out(`    image ${formatMove(m)}`);
    for (const o of c.objects) {
      out(`  ${SIGN[o.action]} ${o.object}`);
      for (const f of o.fields.slice(0, MAX_FIELDS)) out(`      ${formatFieldChange(f)}`);
      if (o.fields.length > MAX_FIELDS) out(`      … ${o.fields.length - MAX_FIELDS} more fields`);
    }
  }
}

export async function publishCommand(flags: PublishFlags): Promise<number> {
  try {
    const opts = await publishOptions(flags);
    out(
      `publishing ${opts.distDir}${opts.remove?.length ? ` (removing ${opts.remove.join(', ')})` : ''}${opts.dryRun ? ' (dry run)' : ''}`,
    );
    const result = await publish(opts);
    const source = result.sourceCommit ? ` (source ${result.sourceCommit.slice(0, 12)})` : '';
    const names = result.changes.map((c) => c.name).join(', ');
    switch (result.outcome) {
      case 'dry-run':
        printChanges(result);
        for (const r of result.refusals) out(`would refuse: ${r}`);
        out();
        out(
          result.changes.length
            ? `dry run: would publish ${names}${source}; nothing pushed`
            : `dry run: nothing to publish${source}; the deploy branch already has every environment`,
        );
        return EXIT.ok;
      case 'unchanged':
        out(
          `nothing to publish${source}: ${opts.branch}${result.commit ? ` at ${result.commit.slice(0, 12)}` : ''} already has every environment`,
        );
        return EXIT.ok;
      case 'published':
        for (const c of result.changes) for (const m of c.images) out(`  ${c.name}: ${formatMove(m)}`);
        out(`published ${result.commit!.slice(0, 12)} to ${opts.branch}: ${names}${source}`);
        return EXIT.ok;
    }
  } catch (err) {
    if (err instanceof DeployInputError) {
      process.stderr.write(`ferry publish: ${err.message}\n`);
      return EXIT.invalid;
    }
    if (err instanceof OlderSourceError) {
      process.stderr.write(`ferry publish: ${err.message}\n`);
      return EXIT.failed;
    }
    return reportError(err);
  }
}
