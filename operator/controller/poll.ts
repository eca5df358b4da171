/**
 * Cheap polling: between webhooks, each distinct (repository, branch) read by an Environment this
 * replica owns is checked with one `git ls-remote` of that one ref per poll interval
 * (`--poll-interval`, 15 s by default, or the smallest `spec.interval` among the Environments
 * reading it when that is shorter) — however many Environments share it. Nothing
 * is fetched here: when the tip moved, the Environments reading the branch are enqueued and their
 * reconcile fetches. Pinned (`spec.revision`) and suspended Environments are not polled for.
 */
import type { EnvironmentResource } from '../model';
import type { Trigger, TriggerContext } from './controller';
import { intervalMs } from './environment';
import { branchKey } from './repo-url';
import type { SourceTips } from './tips';

export interface PollOptions {
  readonly tips: SourceTips;
  /** The tip of `branch` of `repo` (credentials of `env`); undefined when the branch does not exist. */
  readonly lsRemote: (repo: string, branch: string, env: EnvironmentResource) => Promise<string | undefined>;
  readonly log?: (line: string) => void;
  /** The poll interval (shorter `spec.interval`s win). @default 15000 */
  readonly intervalMs?: number;
  /** How often groups are checked for being due. @default 250 */
  readonly tickMs?: number;
  readonly now?: () => number;
}

interface Group {
  readonly repo: string;
  readonly branch: string;
  readonly envs: EnvironmentResource[];
  intervalMs: number;
}

interface GroupState {
  lastPollAt: number;
  inFlight: boolean;
  lastError?: string;
}

/** Environments this replica owns, by the branch they read. */
export function pollGroups(
  environments: readonly EnvironmentResource[],
  owns: (env: string) => boolean,
  maxIntervalMs = Infinity,
): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const env of environments) {
    const { spec, metadata } = env;
    if (!owns(metadata.name) || spec.suspend || spec.revision || metadata.deletionTimestamp) continue;
    const branch = spec.source.branch ?? 'deploy';
    const key = branchKey(spec.source.repo, branch);
    const group = groups.get(key) ?? { repo: spec.source.repo, branch, envs: [], intervalMs: maxIntervalMs };
    group.envs.push(env);
    group.intervalMs = Math.min(group.intervalMs, intervalMs(env));
    groups.set(key, group);
  }
  return groups;
}

export class PollTrigger implements Trigger {
  readonly name = 'poll';
  private timer: NodeJS.Timeout | undefined;
  private readonly state = new Map<string, GroupState>();
  private readonly now: () => number;

  constructor(private readonly opts: PollOptions) {
    this.now = opts.now ?? Date.now;
  }

  start(ctx: TriggerContext): void {
    this.timer ??= setInterval(() => this.tick(ctx), this.opts.tickMs ?? 250);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Poll every group that is due (exported for tests through the trigger itself). */
  tick(ctx: TriggerContext): void {
    const groups = pollGroups(ctx.environments(), ctx.owns, this.opts.intervalMs ?? 15_000);
    for (const key of this.state.keys()) if (!groups.has(key)) this.state.delete(key);
    const now = this.now();
    for (const [key, group] of groups) {
      const st = this.state.get(key) ?? { lastPollAt: now, inFlight: false };
      this.state.set(key, st);
      if (st.inFlight || now - st.lastPollAt < group.intervalMs) continue;
      st.inFlight = true;
      st.lastPollAt = now;
      void this.poll(ctx, group, st);
    }
  }

  private async poll(ctx: TriggerContext, group: Group, st: GroupState): Promise<void> {
    try {
      const tip = await this.opts.lsRemote(group.repo, group.branch, group.envs[0]!);
      st.lastError = undefined;
      if (!tip) return;
      const known = this.opts.tips.get(group.repo, group.branch);
      const moved = this.opts.tips.observe(group.repo, group.branch, tip);
      if (moved && known) {
        this.opts.log?.(
          `branch ${group.branch} moved to ${tip.slice(0, 12)}: syncing ${group.envs.map((e) => e.metadata.name).join(', ')}`,
        );
        for (const env of group.envs) ctx.enqueue(env.metadata.name);
      }
    } catch (err) {
      const message = (err as Error).message;
      if (message !== st.lastError) this.opts.log?.(`poll of branch ${group.branch}: ${message}`);
      st.lastError = message;
    } finally {
      st.inFlight = false;
    }
  }
}
