/**
 * Publishing dist/ to the deploy branch: one commit per source commit, only the folders whose
 * content changed, nothing when nothing changed. Safe when several CI runs publish at once: each
 * attempt starts from the branch tip it fetched and replaces only its changed folders; a push that
 * loses the race (the branch moved) is retried on the new tip, so the other run's folders are
 * kept. Moving an environment back to an older source commit is refused unless forced.
 *
 * "Older" is decided per environment: the branch's environment.json records the source commit the
 * folder was published from; publishing a different content is allowed when that commit is an
 * ancestor of the one being published (asked of the source repository).
 */
import { readFileSync } from 'node:fs';
import {
  BranchWriter,
  redact,
  type GitAuth,
  type GitIdentity,
  type LocalRepo,
  type TreeUpdate,
} from '../adapters/git';
import { diffFolder, groupByFolder, type FileDiff, type FileEntry } from './compare';
import { describeFile, sameApartFromSourceCommit, type ObjectChange } from './describe';
import { readDist, distSourceCommit, readEnvironmentJson, type DistFolder } from './dist';
import { DeployInputError, OlderSourceError } from './errors';
import { imageMoves, type ImageMove } from './images';
import { commitMessage } from './message';

export interface PublishOptions {
  readonly repo: string;
  readonly branch: string;
  readonly auth: GitAuth;
  /** dist/: each top-level folder is published to the same folder of the branch. */
  readonly distDir?: string;
  /** Folders of the branch to delete. */
  readonly remove?: readonly string[];
  /** @default the sourceCommit of dist/'s environment.json files */
  readonly sourceCommit?: string;
  /** The source repository: ancestry checks, the source commit's subject and author. */
  readonly sourceRepo: LocalRepo | null;
  /** Publish even when an environment would move to an older or unrelated source commit. */
  readonly force?: boolean;
  /**
   * When the branch's source commit of an environment is not in the source repository:
   * `refuse` (the clone may be shallow) or `allow` (e.g. a preview whose branch was force-pushed).
   * @default 'refuse'
   */
  readonly unknownAncestry?: 'refuse' | 'allow';
  /** Compute and report the changes; push nothing. */
  readonly dryRun?: boolean;
  /** Extra line for the commit message body. */
  readonly note?: string;
  /** Attempts after a push lost a race. @default 5 */
  readonly retries?: number;
  /** Pause before attempt n (2, 3, …). @default 200·n ms plus up to 300 ms of jitter */
  readonly retryDelayMs?: (attempt: number) => number;
  /** @default Ferry <ferry@localhost> */
  readonly committer?: GitIdentity;
  readonly log?: (line: string) => void;
  /** Called after the commit is built, before it is pushed (tests use it to interleave runs). */
  readonly beforePush?: (attempt: number) => Promise<void>;
}

export interface FolderChange {
  readonly name: string;
  readonly action: 'add' | 'update' | 'remove';
  /** The source commit the branch had this folder from (its environment.json), if any. */
  readonly previousSource: string | null;
  readonly objects: readonly ObjectChange[];
  readonly images: readonly ImageMove[];
}

export interface PublishResult {
  readonly outcome: 'published' | 'unchanged' | 'dry-run';
  /** The new commit; the branch tip when unchanged or a dry run (null: no branch yet). */
  readonly commit: string | null;
  readonly sourceCommit: string | null;
  readonly changes: readonly FolderChange[];
  /** dist/ folders equal to the branch (apart from environment.json's sourceCommit). */
  readonly unchanged: readonly string[];
  readonly attempts: number;
  /** Dry run only: what a real publish would refuse. */
  readonly refusals: readonly string[];
}

const DEFAULT_COMMITTER: GitIdentity = { name: 'Ferry', email: 'ferry@localhost' };
const defaultDelay = (attempt: number) => 200 * attempt + Math.random() * 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Prepared {
  readonly folders: readonly DistFolder[];
  readonly hashes: ReadonlyMap<string, FileEntry[]>;
  readonly sourceCommit: string | null;
}

async function prepare(opts: PublishOptions, writer: BranchWriter): Promise<Prepared> {
  const folders = opts.distDir ? readDist(opts.distDir) : [];
  const clash = folders.find((f) => opts.remove?.includes(f.name));
  if (clash) throw new DeployInputError(`${clash.name} is both in dist/ and in --remove; choose one`);
  if (opts.distDir && !folders.length && !opts.remove?.length) {
    throw new DeployInputError(`${opts.distDir} holds no environment folders; run \`ferry synth\` first`);
  }
  const synthesised = opts.distDir ? distSourceCommit(folders, opts.distDir) : null;
  if (opts.sourceCommit && synthesised && opts.sourceCommit !== synthesised) {
    throw new DeployInputError(
      `--source-commit ${opts.sourceCommit.slice(0, 12)} differs from ${synthesised.slice(0, 12)} recorded in ${opts.distDir}/*/environment.json; re-run ferry synth or drop --source-commit`,
    );
  }
  const sourceCommit = opts.sourceCommit ?? synthesised;
  if (folders.some((f) => f.isEnvironment) && !sourceCommit) {
    throw new DeployInputError(
      `${opts.distDir} was synthesised outside a git checkout (environment.json has no sourceCommit); ` +
        'run ferry synth in the source repository, or set FERRY_SOURCE_COMMIT',
    );
  }
  const files = folders.flatMap((f) => f.files);
  // Only ids here: writing thousands of objects costs seconds; changed files are written later.
  const shas = await writer.hashFiles(
    files.map((f) => f.abs),
    false,
  );
  const hashes = new Map<string, FileEntry[]>();
  let i = 0;
  for (const f of folders)
    hashes.set(
      f.name,
      f.files.map((file) => ({ rel: file.rel, mode: file.mode, sha: shas[i++]! })),
    );
  return { folders, hashes, sourceCommit };
}

interface Attempt {
  readonly changes: FolderChange[];
  readonly unchanged: string[];
  readonly updates: TreeUpdate[];
  /** dist/ files the new tree needs (to be stored in the workspace). */
  readonly newFiles: string[];
  readonly refusals: string[];
  /** Folders to remove that the branch does not have. */
  readonly absent: string[];
}

async function ancestryProblem(
  opts: PublishOptions,
  name: string,
  previous: string,
  current: string,
): Promise<string | null> {
  const ancestry = opts.sourceRepo ? await opts.sourceRepo.ancestry(previous, current) : 'unknown-commit';
  if (ancestry === 'ancestor') return null;
  const p = previous.slice(0, 12);
  const c = current.slice(0, 12);
  if (ancestry === 'not-ancestor') {
    return `${name}: the deploy branch has it from source commit ${p}, which is not an ancestor of ${c}; publishing ${c} would move ${name} back (or sideways). Publish a newer commit, or pass --force.`;
  }
  if (opts.unknownAncestry === 'allow') return null;
  if (!opts.sourceRepo) {
    return `${name}: the deploy branch has it from source commit ${p}; without the source repository (run in its checkout, or pass --source) Ferry cannot tell whether ${c} is newer. Pass --force to publish anyway.`;
  }
  return `${name}: the deploy branch has it from source commit ${p}, which is not in the source repository ${opts.sourceRepo.dir}, so Ferry cannot tell whether ${c} is newer. Fetch the full history (actions/checkout: fetch-depth: 0), or pass --force.`;
}

async function plan(
  opts: PublishOptions,
  writer: BranchWriter,
  prep: Prepared,
  tip: string | null,
): Promise<Attempt> {
  const names = [...prep.folders.map((f) => f.name), ...(opts.remove ?? [])];
  const onBranch = groupByFolder(tip ? await writer.listTree(tip, names) : []);
  const diffs = new Map<string, FileDiff[]>();
  for (const f of prep.folders)
    diffs.set(f.name, diffFolder(onBranch.get(f.name) ?? [], prep.hashes.get(f.name)!));
  for (const name of opts.remove ?? []) {
    if (onBranch.has(name)) diffs.set(name, diffFolder(onBranch.get(name)!, []));
  }
  const wanted = [...diffs.values()]
    .flatMap((list) => list.map((d) => d.before))
    .filter((s): s is string => !!s);
  const envJsonShas = [...onBranch].map(([, list]) => list.find((e) => e.rel === 'environment.json')?.sha);
  const blobs = await writer.readBlobs([...wanted, ...envJsonShas.filter((s): s is string => !!s)]);
  const text = (sha: string | null) => (sha ? blobs.get(sha)!.toString('utf8') : null);
  const distFiles = new Map(
    prep.folders.map((f) => [f.name, new Map(f.files.map((file) => [file.rel, file]))]),
  );

  const absent = (opts.remove ?? []).filter((name) => !onBranch.has(name));
  const result: Attempt = { changes: [], unchanged: [], updates: [], newFiles: [], refusals: [], absent };
  for (const [name, list] of diffs) {
    const removing = opts.remove?.includes(name) ?? false;
    const envJson = onBranch.get(name)?.find((e) => e.rel === 'environment.json');
    const previousSource = envJson
      ? readEnvironmentJson(text(envJson.sha)!, `${name}/environment.json on ${opts.branch}`).sourceCommit
      : null;
    if (!removing && list.length === 0) {
      result.unchanged.push(name);
      continue;
    }
    const after = (d: FileDiff) =>
      d.after ? readFileSync(distFiles.get(name)!.get(d.rel)!.abs, 'utf8') : null;
    if (
      !removing &&
      list.length === 1 &&
      list[0]!.rel === 'environment.json' &&
      list[0]!.before &&
      list[0]!.after
    ) {
      if (sameApartFromSourceCommit(text(list[0]!.before)!, after(list[0]!)!)) {
        result.unchanged.push(name);
        continue;
      }
    }
    if (
      !removing &&
      previousSource &&
      prep.sourceCommit &&
      previousSource !== prep.sourceCommit &&
      !opts.force
    ) {
      const problem = await ancestryProblem(opts, name, previousSource, prep.sourceCommit);
      if (problem) result.refusals.push(problem);
    }
    const described = list.map((d) => describeFile(d.rel, text(d.before), after(d), opts.dryRun ?? false));
    result.changes.push({
      name,
      action: removing ? 'remove' : onBranch.has(name) ? 'update' : 'add',
      previousSource,
      objects: described.map((d) => d.change),
      images: imageMoves(
        described.flatMap((d) => d.imagesBefore),
        described.flatMap((d) => d.imagesAfter),
      ),
    });
    for (const d of list) {
      const file = distFiles.get(name)?.get(d.rel);
      result.updates.push({ path: `${name}/${d.rel}`, sha: d.after, ...(file ? { mode: file.mode } : {}) });
      if (file && d.after) result.newFiles.push(file.abs);
    }
  }
  result.changes.sort((a, b) => (a.name < b.name ? -1 : 1));
  result.unchanged.sort();
  return result;
}

function describeChange(c: FolderChange): string {
  const n = (a: ObjectChange['action']) => c.objects.filter((o) => o.action === a).length;
  const counts = [`${n('create')} created`, `${n('change')} changed`, `${n('delete')} deleted`]
    .filter((s) => !s.startsWith('0 '))
    .join(', ');
  const verb = { add: 'new', update: 'changed', remove: 'removed' }[c.action];
  return `${c.name}: ${verb} (${counts || 'no files'})`;
}

export async function publish(opts: PublishOptions): Promise<PublishResult> {
  const log = opts.log ?? (() => undefined);
  const where = `${opts.branch} of ${redact(opts.repo, opts.auth)}`;
  const writer = await BranchWriter.open(opts.repo, opts.auth);
  try {
    const prep = await prepare(opts, writer);
    const sourceInfo =
      prep.sourceCommit && opts.sourceRepo ? await opts.sourceRepo.commit(prep.sourceCommit) : null;
    const retries = opts.retries ?? 5;
    for (let attempt = 1; ; attempt++) {
      const tip = await writer.fetch(opts.branch).catch((err: Error) => {
        throw new Error(`cannot fetch ${where}: ${err.message}`);
      });
      log(tip ? `${where} is at ${tip.slice(0, 12)}` : `${where} does not exist yet; publishing creates it`);
      const step = await plan(opts, writer, prep, tip);
      const base = {
        sourceCommit: prep.sourceCommit,
        changes: step.changes,
        unchanged: step.unchanged,
        attempts: attempt,
      };
      for (const c of step.changes) log(`  ${describeChange(c)}`);
      for (const name of step.unchanged) log(`  ${name}: unchanged`);
      for (const name of step.absent) log(`  ${name}: not on the branch; nothing to remove`);
      if (opts.dryRun) return { ...base, outcome: 'dry-run', commit: tip, refusals: step.refusals };
      if (step.refusals.length) {
        throw new OlderSourceError(
          `refusing to publish to ${where}:\n${step.refusals.map((r) => `  ${r}`).join('\n')}`,
        );
      }
      if (!step.changes.length) return { ...base, outcome: 'unchanged', commit: tip, refusals: [] };

      await writer.hashFiles(step.newFiles, true);
      const tree = await writer.writeTree(tip, step.updates);
      const message = commitMessage({
        sourceCommit: prep.sourceCommit,
        ...(sourceInfo ? { sourceSubject: sourceInfo.subject } : {}),
        changed: step.changes.filter((c) => c.action !== 'remove').map((c) => c.name),
        removed: step.changes.filter((c) => c.action === 'remove').map((c) => c.name),
        images: step.changes.flatMap((c) => c.images.map((move) => ({ env: c.name, move }))),
        ...(opts.note ? { note: opts.note } : {}),
      });
      const committer = opts.committer ?? DEFAULT_COMMITTER;
      const commit = await writer.commitTree(tree, tip, message, sourceInfo?.author ?? committer, committer);
      await opts.beforePush?.(attempt);
      const pushed = await writer.push(commit, opts.branch);
      if (pushed.ok) {
        log(`pushed ${commit.slice(0, 12)} to ${where}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
        return { ...base, outcome: 'published', commit, refusals: [] };
      }
      const now = await writer.remoteTip(opts.branch).catch(() => tip);
      if (now === tip) throw new Error(`cannot push to ${where}: ${pushed.message}`);
      if (attempt > retries) {
        throw new Error(
          `${where} kept moving while publishing; gave up after ${attempt} attempts. Run publish again.`,
        );
      }
      log(
        `${opts.branch} moved to ${now?.slice(0, 12) ?? '(deleted)'} meanwhile (another publish?); publishing again on top of it`,
      );
      await sleep((opts.retryDelayMs ?? defaultDelay)(attempt + 1));
    }
  } finally {
    writer.dispose();
  }
}
