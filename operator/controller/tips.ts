/**
 * The tip of each deploy branch as last seen (by `git ls-remote`, a webhook's push, or a fetch),
 * shared by every Environment reading that branch. A reconcile that finds a fresh tip whose
 * snapshot is already cached does not fetch at all.
 */
import { branchKey } from './repo-url';

export interface Tip {
  readonly revision: string;
  /** When it was seen (ms since the epoch). */
  readonly at: number;
}

export class SourceTips {
  private readonly tips = new Map<string, Tip>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Record a tip; true when it differs from the one known before (or none was known). */
  observe(repo: string, branch: string, revision: string): boolean {
    const key = branchKey(repo, branch);
    const before = this.tips.get(key);
    this.tips.set(key, { revision, at: this.now() });
    return before?.revision !== revision;
  }

  get(repo: string, branch: string): Tip | undefined {
    return this.tips.get(branchKey(repo, branch));
  }

  /** The tip when it was seen within `maxAgeMs`. */
  fresh(repo: string, branch: string, maxAgeMs: number): string | undefined {
    const t = this.get(repo, branch);
    return t && this.now() - t.at <= maxAgeMs ? t.revision : undefined;
  }
}
