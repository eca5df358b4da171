/**
 * An environment's history on the deploy branch: every commit that touched `<env>/`, newest first,
 * with the source commit from its `Ferry-Source` trailer and the image tags it moved; and what
 * changed in the folder between a past revision and the branch head.
 */
import { BranchHistory, redact, type GitAuth, type TreeChange } from '../adapters/git';
import { describeFile, type ObjectChange } from './describe';
import { DeployInputError } from './errors';
import { imageMoves, type ImageMove } from './images';
import { sourceOf, subjectOf } from './message';

export interface HistoryOptions {
  readonly repo: string;
  readonly branch: string;
  readonly env: string;
  readonly auth: GitAuth;
  /** Where the branch's history is cached between runs. */
  readonly cacheDir: string;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

export interface HistoryEntry {
  /** 0 is the newest commit touching the environment. */
  readonly index: number;
  readonly revision: string;
  /** From the `Ferry-Source` trailer; null for commits not made by `ferry publish`. */
  readonly sourceCommit: string | null;
  readonly author: string;
  readonly date: string;
  readonly subject: string;
  readonly action: 'add' | 'update' | 'remove';
  readonly images: readonly ImageMove[];
}

export interface History {
  readonly tip: string;
  readonly entries: readonly HistoryEntry[];
}

interface Described {
  readonly objects: ObjectChange[];
  readonly images: ImageMove[];
}

async function describe(
  history: BranchHistory,
  changes: readonly TreeChange[],
  folder: string,
  detail: boolean,
): Promise<Described> {
  const blobs = await history.readBlobs(
    changes.flatMap((c) => [c.before, c.after]).filter((s): s is string => !!s),
  );
  const text = (sha: string | null) => (sha ? blobs.get(sha)!.toString('utf8') : null);
  const described = changes.map((c) =>
    describeFile(c.path.slice(folder.length + 1), text(c.before), text(c.after), detail),
  );
  return {
    objects: described.map((d) => d.change),
    images: imageMoves(
      described.flatMap((d) => d.imagesBefore),
      described.flatMap((d) => d.imagesAfter),
    ),
  };
}

function actionOf(changes: readonly TreeChange[]): HistoryEntry['action'] {
  if (changes.length && changes.every((c) => c.before === null)) return 'add';
  if (changes.length && changes.every((c) => c.after === null)) return 'remove';
  return 'update';
}

async function fetchHistory(opts: HistoryOptions): Promise<BranchHistory> {
  const history = new BranchHistory(opts.repo, opts.cacheDir, opts.auth);
  opts.log?.(`fetching ${opts.branch} of ${redact(opts.repo, opts.auth)}`);
  try {
    await history.fetch(opts.branch);
  } catch (err) {
    throw new Error(
      `cannot fetch branch ${opts.branch} of ${redact(opts.repo, opts.auth)}: ${(err as Error).message}\n` +
        'Check the URL and branch, and the credentials (--token / FERRY_GIT_TOKEN, --ssh-key / FERRY_GIT_SSH_KEY).',
    );
  }
  return history;
}

export async function readHistory(opts: HistoryOptions & { readonly limit: number }): Promise<History> {
  const history = await fetchHistory(opts);
  const log = await history.log(opts.env, opts.limit);
  const entries: HistoryEntry[] = [];
  for (const [index, c] of log.entries()) {
    const changes = await history.changes(c.parent, c.revision, opts.env);
    const { images } = await describe(history, changes, opts.env, false);
    entries.push({
      index,
      revision: c.revision,
      sourceCommit: sourceOf(c.message),
      author: c.author,
      date: c.date,
      subject: subjectOf(c.message),
      action: actionOf(changes),
      images,
    });
  }
  return { tip: await history.tip(), entries };
}

export interface HistoryDiff {
  readonly from: string;
  readonly to: string;
  readonly objects: readonly ObjectChange[];
  readonly images: readonly ImageMove[];
  /** git's unified diff of the folder. */
  readonly patch: string;
}

/**
 * What changed in `<env>/` from `rev` to the branch head. `rev` is a commit id (or a prefix of
 * at least 4 characters) on the branch, or a history index (`0`…`999`, as `ferry history` numbers them).
 */
export async function historyDiff(opts: HistoryOptions & { readonly rev: string }): Promise<HistoryDiff> {
  const history = await fetchHistory(opts);
  let from: string | null;
  if (/^\d{1,3}$/.test(opts.rev)) {
    const index = Number(opts.rev);
    const log = await history.log(opts.env, index + 1);
    if (log.length <= index) {
      throw new DeployInputError(
        `${opts.env} has ${log.length} entr${log.length === 1 ? 'y' : 'ies'} in the history of ${opts.branch}; there is no #${index}`,
      );
    }
    from = log[index]!.revision;
  } else {
    from = /^[0-9a-f]{4,64}$/.test(opts.rev) ? await history.resolve(opts.rev) : null;
    if (!from || !(await history.onBranch(from))) {
      throw new DeployInputError(
        `revision "${opts.rev}" is not on branch ${opts.branch} of ${opts.repo}; pick one from \`ferry history ${opts.env}\``,
      );
    }
  }
  const to = await history.tip();
  const changes = await history.changes(from, to, opts.env);
  const { objects, images } = await describe(history, changes, opts.env, true);
  return { from, to, objects, images, patch: await history.patch(from, to, opts.env) };
}
