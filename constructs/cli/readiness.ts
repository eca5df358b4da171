/**
 * Is the source environment of a promotion Synced and Healthy at the revision that carries the
 * versions being promoted? `ferry promote` asks this once, through this interface, before it
 * writes anything; `--force` skips the question.
 *
 * The answer comes from the Environment resource (ferry.dev/v1alpha1) read with `--kubeconfig`:
 * it must be Synced, Ready and Current, and the deploy revision it last synced (status.revision)
 * must run the tags being promoted — every moved component's image, in that revision's folder of
 * the deploy branch, carries the new tag. Otherwise the promotion would ship versions nobody saw
 * healthy.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { connect } from '../../operator/reconcile';
import { readEnvironment } from '../../operator/cli/environments';
import { imagesIn, parseImage } from '../../operator/deploy/images';
import { fetchGitSnapshot } from '../../operator/source';
import { cacheDir } from '../../operator/config';

export type Readiness =
  { readonly ready: true; readonly detail: string } | { readonly ready: false; readonly reason: string };

/** A tag the source environment must be running for the promotion to go ahead. */
export interface ExpectedTag {
  readonly component: string;
  readonly tag: string;
}

export interface SourceReadiness {
  /**
   * @param kubeconfig the cluster of the source environment (default: $KUBECONFIG, ~/.kube/config)
   * @param env the source environment's name
   * @param revision the source commit that carries the versions being promoted
   * @param expected the tags being promoted, which the environment must run
   */
  sourceEnvironmentReady(
    kubeconfig: string | undefined,
    env: string,
    revision: string,
    expected: readonly ExpectedTag[],
  ): Promise<Readiness>;
}

/** Image tags by image name (the last path segment: `ghcr.io/acme-shop/public-api` → `public-api`). */
function tagsIn(dir: string): Map<string, Set<string>> {
  const tags = new Map<string, Set<string>>();
  const manifests = join(dir, 'manifests');
  for (const f of readdirSync(manifests)) {
    for (const doc of parseAllDocuments(readFileSync(join(manifests, f), 'utf8'))) {
      for (const image of imagesIn(doc.toJS())) {
        const ref = parseImage(image);
        const name = ref.repository.split('/').pop()!;
        if (!tags.has(name)) tags.set(name, new Set());
        tags.get(name)!.add(ref.tag);
      }
    }
  }
  return tags;
}

export const environmentStatusReadiness: SourceReadiness = {
  async sourceEnvironmentReady(kubeconfig, env, _revision, expected) {
    let kube: Awaited<ReturnType<typeof connect>>;
    try {
      kube = await connect(kubeconfig);
    } catch (err) {
      return {
        ready: false,
        reason:
          `cannot confirm that ${env} is Synced and Healthy: cannot read its Environment (${(err as Error).message.split('\n')[0]}). ` +
          `Pass --kubeconfig for ${env}'s cluster, or check it yourself (\`ferry status ${env}\`) and pass --force.`,
      };
    }
    try {
      const resource = await readEnvironment(kube, env);
      if (!resource) {
        return {
          ready: false,
          reason: `cannot confirm that ${env} is Synced and Healthy: the cluster has no Environment "${env}" (is this its cluster? pass --kubeconfig), or pass --force`,
        };
      }
      const s = resource.status ?? {};
      const ready = s.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      if (s.sync !== 'Synced' || s.health !== 'Current' || !ready || !s.revision) {
        return {
          ready: false,
          reason:
            `${env} is not Synced and Healthy (sync ${s.sync ?? 'Unknown'}, health ${s.health ?? 'Unknown'}` +
            `${s.message ? `: ${s.message}` : ''}); promote once it is, or pass --force`,
        };
      }
      const snapshot = await fetchGitSnapshot({
        repo: resource.spec.source.repo,
        branch: resource.spec.source.branch ?? 'deploy',
        path: resource.spec.source.path ?? env,
        revision: s.revision,
        auth: {},
        cacheDir: join(cacheDir(), 'git'),
      });
      const running = tagsIn(snapshot.dir);
      const missing = expected.filter((e) => !running.get(e.component)?.has(e.tag));
      if (missing.length) {
        return {
          ready: false,
          reason:
            `${env} is Synced and Healthy at ${s.revision.slice(0, 12)}, but that revision does not run ` +
            `${missing.map((m) => `${m.component}:${m.tag}`).join(', ')} yet (publish and let it sync first), or pass --force`,
        };
      }
      return {
        ready: true,
        detail: `${env} is Synced and Healthy at ${s.revision.slice(0, 12)}, running ${expected.map((e) => `${e.component}:${e.tag}`).join(', ')}`,
      };
    } finally {
      kube.client.close();
    }
  },
};
