/**
 * Image tags in manifests, and which moved between two versions of an environment. Pure.
 * An image reference is `repository[:tag][@digest]`; the "tag" shown is the tag, the digest, or
 * both (`1.2@sha256:…`), and `latest` when neither is given (as the container runtime reads it).
 */

export interface ImageRef {
  readonly repository: string;
  readonly tag: string;
}

export function parseImage(ref: string): ImageRef {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const name = at >= 0 ? ref.slice(0, at) : ref;
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  const repository = hasTag ? name.slice(0, colon) : name;
  const tag = hasTag ? name.slice(colon + 1) : undefined;
  if (tag && digest) return { repository, tag: `${tag}@${digest}` };
  return { repository, tag: tag ?? digest ?? 'latest' };
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** Every container image in a manifest (any depth: Deployments, CronJobs, Pods, custom kinds). */
export function imagesIn(doc: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (CONTAINER_LISTS.has(key) && Array.isArray(value)) {
        for (const c of value) {
          const image = (c as { image?: unknown } | null)?.image;
          if (typeof image === 'string') found.push(image);
        }
      }
      walk(value);
    }
  };
  walk(doc);
  return found;
}

/** A repository whose tags differ between two sides. `from` empty: added; `to` empty: removed. */
export interface ImageMove {
  readonly repository: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
}

function tagsByRepository(images: readonly string[]): Map<string, string[]> {
  const map = new Map<string, Set<string>>();
  for (const ref of images) {
    const { repository, tag } = parseImage(ref);
    map.set(repository, (map.get(repository) ?? new Set()).add(tag));
  }
  return new Map([...map].map(([r, tags]) => [r, [...tags].sort()]));
}

/** Repositories whose set of tags changed, sorted by repository. */
export function imageMoves(before: readonly string[], after: readonly string[]): ImageMove[] {
  const b = tagsByRepository(before);
  const a = tagsByRepository(after);
  const repos = [...new Set([...b.keys(), ...a.keys()])].sort();
  const moves: ImageMove[] = [];
  for (const repository of repos) {
    const from = b.get(repository) ?? [];
    const to = a.get(repository) ?? [];
    if (from.join(',') !== to.join(',')) moves.push({ repository, from, to });
  }
  return moves;
}

/** `ghcr.io/acme/api 1.41.2 -> 1.42.0`, `… (new) 1.0`, `… 1.0 (removed)`; `short` drops the registry path. */
export function formatMove(move: ImageMove, short = false): string {
  const name = short ? move.repository.slice(move.repository.lastIndexOf('/') + 1) : move.repository;
  if (!move.from.length) return `${name} (new) ${move.to.join(', ')}`;
  if (!move.to.length) return `${name} ${move.from.join(', ')} (removed)`;
  return `${name} ${move.from.join(', ')} -> ${move.to.join(', ')}`;
}
