/**
 * The git adapter: the only module that imports simple-git.
 * - `GitCache`: shallow fetches and immutable snapshots of a deploy branch (the sync source), one
 *   writer per cache repository (`withLock`), old snapshots garbage-collected;
 * - `BranchWriter`: a private workspace that builds and pushes commits to a deploy branch (publish);
 * - `BranchHistory`: the full history of a deploy branch, cached (history);
 * - `LocalRepo`: a user's checkout (ancestry, commit details, commits on a new branch).
 * Credentials travel in environment variables of the git process, never in argv, URLs or messages.
 */
export { redact, type GitAuth, type GitIdentity } from './env';
export { GitCache } from './cache';
export { BranchWriter, type PushOutcome, type TreeUpdate } from './writer';
export { BranchHistory, type LogEntry } from './history';
export { LocalRepo, type Ancestry, type CommitInfo } from './local';
export type { TreeChange, TreeEntry } from './objects';
export { collectSnapshots, type SnapshotOptions } from './cache';
export { withLock, type LockOptions } from './lock';
export { observeGitRequests, type GitObserver, type GitOperation } from './observe';
