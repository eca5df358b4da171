/**
 * A push to a deploy branch, as a webhook reports it: every Environment that reads that repository
 * and branch looks now — and only those. URLs are compared by `repoKey` (scheme, credentials,
 * `.git` and the host's case do not matter). Environments this replica owns are enqueued at once;
 * those another replica owns get the annotation `ferry.dev/pushed-revision` (one merge patch),
 * which that replica's watch on Environments turns into a reconcile — a webhook reaches one replica
 * of several behind the Service.
 */
import type { KubeObjects } from '../adapters/kube';
import type { EnvironmentResource } from '../model';
import { repoKey } from './repo-url';
import type { SourceTips } from './tips';

export const PUSHED_REVISION_ANNOTATION = 'ferry.dev/pushed-revision';

export interface Push {
  /** Every URL the sender gives for the repository (clone URL, SSH URL, web URL). */
  readonly repos: readonly string[];
  readonly branch: string;
  /** The new tip, when the sender says. */
  readonly revision?: string;
}

export interface PushRouting {
  /** Environments enqueued here. */
  readonly enqueued: readonly string[];
  /** Environments handed to the replica that owns them. */
  readonly forwarded: readonly string[];
}

export interface PushContext {
  readonly environments: readonly EnvironmentResource[];
  readonly owns: (env: string) => boolean;
  readonly enqueue: (env: string) => void;
  readonly own: KubeObjects;
  readonly tips: SourceTips;
}

/** The Environments that read `push`'s repository and branch. */
export function readersOf(environments: readonly EnvironmentResource[], push: Push): EnvironmentResource[] {
  const keys = new Set(push.repos.filter(Boolean).map(repoKey));
  return environments.filter(
    (e) =>
      !e.metadata.deletionTimestamp &&
      (e.spec.source.branch ?? 'deploy') === push.branch &&
      keys.has(repoKey(e.spec.source.repo)),
  );
}

export async function routePush(ctx: PushContext, push: Push): Promise<PushRouting> {
  const readers = readersOf(ctx.environments, push);
  if (readers[0]) {
    if (push.revision) ctx.tips.observe(readers[0].spec.source.repo, push.branch, push.revision);
    else ctx.tips.forget(readers[0].spec.source.repo, push.branch);
  }
  const enqueued: string[] = [];
  const forwarded: string[] = [];
  for (const env of readers) {
    const name = env.metadata.name;
    if (ctx.owns(name)) {
      ctx.enqueue(name);
      enqueued.push(name);
      continue;
    }
    const value = push.revision ?? new Date().toISOString();
    if (env.metadata.annotations?.[PUSHED_REVISION_ANNOTATION] === value) continue;
    await ctx.own.mergePatch(env, { metadata: { annotations: { [PUSHED_REVISION_ANNOTATION]: value } } });
    forwarded.push(name);
  }
  return { enqueued, forwarded };
}
