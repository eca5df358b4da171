/**
 * `ferry history <env> --repo URL [--branch deploy] [--limit 20] [--json]` lists the deploy
 * commits that touched the environment; `--diff <rev>` shows what changed in its folder from that
 * revision to the branch head. Exit 0, 1 failed, 2 bad input.
 */
import { join } from 'node:path';
import { LocalRepo } from '../adapters/git';
import {
  cacheDir,
  ConfigError,
  credentials,
  parseCount,
  repoLocation,
  validBranch,
  validFolderName,
} from '../config';
import {
  DeployInputError,
  formatFieldChange,
  formatMove,
  historyDiff,
  readHistory,
  type HistoryOptions,
} from '../deploy';
import { withCluster } from './connect';
import { readEnvironment } from './environments';
import { EXIT, out, reportError, table } from './output';

export interface HistoryFlags {
  readonly repo?: string;
  readonly branch?: string;
  readonly limit?: string;
  readonly diff?: string;
  readonly patch?: boolean;
  readonly json?: boolean;
  readonly token?: string;
  readonly sshKey?: string;
  /** Also list the syncs the operator recorded (the Environment's status history). */
  readonly kubeconfig?: string;
}

async function options(env: string, flags: HistoryFlags): Promise<HistoryOptions> {
  validFolderName(env, 'environment');
  const repo = flags.repo ?? (await (await LocalRepo.find(process.cwd()))?.remoteUrl('origin'));
  if (!repo) {
    throw new ConfigError(
      'pass --repo URL (the deploy repository; the current directory has no remote "origin")',
    );
  }
  return {
    repo: repoLocation(repo),
    branch: validBranch(flags.branch ?? 'deploy'),
    env,
    auth: credentials(flags),
    cacheDir: join(cacheDir(), 'history'),
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

const short = (sha: string | null) => (sha ? sha.slice(0, 12) : '-');

async function list(opts: HistoryOptions, flags: HistoryFlags): Promise<number> {
  const limit = parseCount(flags.limit, 20, '--limit');
  const history = await readHistory({ ...opts, limit });
  if (flags.json) {
    out(JSON.stringify(history, null, 2));
    return EXIT.ok;
  }
  if (!history.entries.length) {
    out(`${opts.env} has no history on ${opts.branch} (at ${short(history.tip)}): it was never published`);
    return EXIT.ok;
  }
  const rows = history.entries.map((e) => [
    String(e.index),
    short(e.revision),
    e.date.replace('T', ' ').replace(/([+-]\d\d:\d\d|Z)$/, ''),
    short(e.sourceCommit),
    e.author,
    e.action === 'update'
      ? e.images.map((m) => formatMove(m, true)).join('; ') || '-'
      : e.action === 'add'
        ? 'added'
        : 'removed',
    e.subject,
  ]);
  for (const line of table([['#', 'REVISION', 'DATE', 'SOURCE', 'AUTHOR', 'IMAGES', 'MESSAGE'], ...rows]))
    out(line);
  if (flags.kubeconfig) await syncs(opts.env, flags.kubeconfig);
  return EXIT.ok;
}

/** The syncs the operator recorded for the environment: result, duration, why (a pin's reason). */
async function syncs(env: string, kubeconfig: string): Promise<void> {
  const resource = await withCluster(kubeconfig, undefined, (kube) => readEnvironment(kube, env));
  const history = resource?.status?.history ?? [];
  out();
  if (!history.length) {
    out(`no syncs recorded by the operator for ${env}${resource ? '' : ' (no Environment on that cluster)'}`);
    return;
  }
  out(`syncs recorded by the operator (newest first):`);
  const seconds = (a: string, b: string) =>
    `${Math.max(0, (Date.parse(b) - Date.parse(a)) / 1000).toFixed(1)}s`;
  const rows = history.map((h) => [
    short(h.revision),
    h.finished.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
    h.result,
    seconds(h.started, h.finished),
    h.reason ?? '-',
    h.message,
  ]);
  for (const line of table([['REVISION', 'FINISHED', 'RESULT', 'TOOK', 'WHY', 'MESSAGE'], ...rows]))
    out(`  ${line}`);
}

async function diff(opts: HistoryOptions, flags: HistoryFlags): Promise<number> {
  const d = await historyDiff({ ...opts, rev: flags.diff! });
  if (flags.json) {
    out(JSON.stringify(d, null, 2));
    return EXIT.ok;
  }
  if (!d.objects.length) {
    out(`${opts.env} is the same at ${short(d.from)} and at the head of ${opts.branch} (${short(d.to)})`);
    return EXIT.ok;
  }
  out(`${opts.env}: changes from ${short(d.from)} to the head of ${opts.branch} (${short(d.to)})`);
  for (const m of d.images) out(`    image ${formatMove(m)}`);
  const sign = { create: '+', change: '~', delete: '-' } as const;
  for (const o of d.objects) {
    out(`  ${sign[o.action]} ${o.object}`);
    for (const f of o.fields) out(`      ${formatFieldChange(f)}`);
  }
  if (flags.patch) {
    out();
    out(d.patch.trimEnd());
  }
  return EXIT.ok;
}

export async function historyCommand(env: string, flags: HistoryFlags): Promise<number> {
  try {
    const opts = await options(env, flags);
    return flags.diff !== undefined ? await diff(opts, flags) : await list(opts, flags);
  } catch (err) {
    if (err instanceof DeployInputError) {
      process.stderr.write(`ferry history: ${err.message}\n`);
      return EXIT.invalid;
    }
    return reportError(err);
  }
}
