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

  /**
   * Record a tip; true when it differs from the one known before (or none was known). `seenNow`
   * false (a sync's own revision) records the revision without making it fresh: a reconcile must
   * not keep trusting the tip it synced instead of fetching.
   */
  observe(repo: string, branch: string, revision: string, seenNow = true): boolean {
    const key = branchKey(repo, branch);
    const before = this.tips.get(key);
    const at = seenNow ? this.now() : before?.revision === revision ? before.at : 0;
    this.tips.set(key, { revision, at });
    return before?.revision !== revision;
  }

  /** The tip moved to an unknown commit (a push that does not say which): fetch next time. */
  forget(repo: string, branch: string): void {
    const key = branchKey(repo, branch);
    const before = this.tips.get(key);
    if (before) this.tips.set(key, { ...before, at: 0 });
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
