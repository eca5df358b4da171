/**
 * `ferry preview open <branch>` / `ferry preview close <branch>`: what CI runs when a pull request
 * opens (or gets new commits) and when it closes. Open synthesises the branch's preview environment
 * (`previewEnvironment(branch)` of the environments module) from the checked-out commit and
 * publishes only its folder to the deploy branch; close removes that folder. Other folders are
 * never touched, so previews of different branches publish concurrently without losing each other.
 *
 * A preview is refused only when the branch's previous preview commit is known to be newer (a
 * stale CI run); a previous commit the clone does not have (a force-pushed branch) is replaced.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { out } from '../../operator/cli/output';
import { publishOptions, type PublishFlags } from '../../operator/cli/publish';
import { DeployInputError, OlderSourceError, publish, type PublishResult } from '../../operator/deploy';
import { formatMove } from '../../operator/deploy/images';
import { formatIssue } from '../issues';
import { sourceCommit, synthEnvironment, writeEnvironment } from '../synth';
import { AuthoringError, appPath, loadApp } from './app';
import { closePreviewEnvironment, openPreviewEnvironment } from './preview-environment';

export interface PreviewFlags extends Pick<
  PublishFlags,
  'repo' | 'branch' | 'force' | 'token' | 'sshKey' | 'retries'
> {
  readonly app?: string;
  /** The operator's cluster: create (open) or delete (close) the preview's Environment there. */
  readonly kubeconfig?: string;
  /** @default '7d' */
  readonly ttl?: string;
}

function previewOf(flags: PreviewFlags, branch: string) {
  if (!branch.trim()) throw new AuthoringError('the branch name is empty');
  const app = loadApp(appPath(flags.app));
  if (!app.previewEnvironment) {
    throw new AuthoringError(
      `${app.path} does not export previewEnvironment(branch: string): Environment; add it to open previews`,
    );
  }
  return app.previewEnvironment(branch);
}

function report(result: PublishResult, what: string): void {
  for (const c of result.changes) for (const m of c.images) out(`  ${c.name}: ${formatMove(m)}`);
  if (result.outcome === 'published') out(`${what}: published ${result.commit!.slice(0, 12)}`);
  else out(`${what}: the deploy branch already has it; nothing to publish`);
}

function failure(err: unknown, command: string): number {
  process.stderr.write(`ferry preview ${command}: ${(err as Error).message}\n`);
  if (err instanceof AuthoringError || err instanceof DeployInputError) return 2;
  if (err instanceof OlderSourceError) return 1;
  if (process.env.FERRY_DEBUG) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
  return 1;
}

export async function previewOpenCommand(branch: string, flags: PreviewFlags): Promise<number> {
  const scratch = mkdtempSync(join(tmpdir(), 'ferry-preview-'));
  try {
    const env = previewOf(flags, branch);
    const commit = sourceCommit(process.cwd());
    if (!commit) {
      throw new AuthoringError('not in a git checkout of the source repository (or set FERRY_SOURCE_COMMIT)');
    }
    out(
      `preview ${env.name} of branch ${branch} at ${commit.slice(0, 12)} (namespace ${env.destination.namespace})`,
    );
    const output = synthEnvironment(env, commit);
    if (output.issues.length) {
      for (const issue of output.issues) process.stderr.write(`${formatIssue(issue)}\n`);
      throw new AuthoringError(`${env.name} is invalid; nothing was published`);
    }
    writeEnvironment(scratch, env.name, output.files);
    const opts = await publishOptions({ ...flags, dist: scratch });
    const result = await publish({
      ...opts,
      distDir: scratch,
      unknownAncestry: 'allow',
      note: `Preview of branch ${branch}`,
    });
    report(result, `preview ${env.name}`);
    if (flags.kubeconfig) {
      const expires = await openPreviewEnvironment(
        env,
        { repo: opts.repo, branch: opts.branch },
        { kubeconfig: flags.kubeconfig, ttl: flags.ttl },
        branch,
      );
      out(
        `preview ${env.name}: Environment ready for the operator (deletionPolicy Delete, expires ${expires.toISOString()})`,
      );
    } else {
      out(
        `preview ${env.name}: no --kubeconfig, so no Environment was created; the operator syncs it once one exists`,
      );
    }
    return 0;
  } catch (err) {
    return failure(err, 'open');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function previewCloseCommand(branch: string, flags: PreviewFlags): Promise<number> {
  try {
    const env = previewOf(flags, branch);
    out(`closing preview ${env.name} of branch ${branch}`);
    if (flags.kubeconfig) {
      const deleted = await closePreviewEnvironment(env.name, flags.kubeconfig);
      out(
        `preview ${env.name}: ${deleted ? 'Environment deleted; the operator deletes everything it owned' : 'no Environment on the cluster'}`,
      );
    }
    const opts = await publishOptions(flags);
    const result = await publish({
      ...opts,
      distDir: undefined,
      remove: [env.name],
      note: `Preview of branch ${branch} closed`,
    });
    if (result.outcome === 'published') out(`preview ${env.name}: removed in ${result.commit!.slice(0, 12)}`);
    else out(`preview ${env.name}: not on the deploy branch; nothing to remove`);
    return 0;
  } catch (err) {
    return failure(err, 'close');
  }
}
