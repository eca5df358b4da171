/**
 * Deploy commit messages. One commit per source commit:
 *
 *     publish 3f2a9c1d0e4b: staging, production
 *
 *     Source commit 3f2a9c1d0e4b… "Bump the public API"
 *     Environments changed: staging, production
 *     Image tags:
 *       staging: ghcr.io/acme-shop/public-api 1.41.2 -> 1.42.0
 *
 *     Ferry-Source: 3f2a9c1d0e4b…
 *
 * The trailer is what `ferry history` (and the operator) read back. Pure.
 */
import { formatMove, type ImageMove } from './images';

export const SOURCE_TRAILER = 'Ferry-Source';

export interface MessageInput {
  /** null for commits that only remove folders. */
  readonly sourceCommit: string | null;
  readonly sourceSubject?: string;
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  readonly images: ReadonlyArray<{ readonly env: string; readonly move: ImageMove }>;
  /** Extra body line (e.g. `Preview of branch feature/x`). */
  readonly note?: string;
}

export function commitMessage(m: MessageInput): string {
  const parts: string[] = [];
  if (m.changed.length) parts.push(m.changed.join(', '));
  if (m.removed.length) parts.push(`remove ${m.removed.join(', ')}`);
  const subject = m.sourceCommit
    ? `publish ${m.sourceCommit.slice(0, 12)}: ${parts.join('; ')}`
    : parts.join('; ').replace(/^remove/, 'Remove');
  const body: string[] = [];
  if (m.sourceCommit) {
    body.push(
      `Source commit ${m.sourceCommit}${m.sourceSubject ? ` ${JSON.stringify(m.sourceSubject)}` : ''}`,
    );
  }
  if (m.note) body.push(m.note);
  if (m.changed.length) body.push(`Environments changed: ${m.changed.join(', ')}`);
  if (m.removed.length) body.push(`Environments removed: ${m.removed.join(', ')}`);
  if (m.images.length) {
    body.push('Image tags:');
    for (const { env, move } of m.images) body.push(`  ${env}: ${formatMove(move)}`);
  }
  const trailers = m.sourceCommit ? [`${SOURCE_TRAILER}: ${m.sourceCommit}`] : [];
  return [subject, '', ...body, ...(trailers.length ? ['', ...trailers] : [])].join('\n') + '\n';
}

/** Trailers of a commit message (`Key: value` lines of its last paragraph). */
export function trailers(message: string): Record<string, string> {
  const paragraphs = message.trim().split(/\n\s*\n/);
  if (paragraphs.length < 2) return {};
  const last = paragraphs[paragraphs.length - 1]!.split('\n');
  const out: Record<string, string> = {};
  for (const line of last) {
    const m = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line.trim());
    if (!m) return {};
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** The source commit a deploy commit names, or null (a commit not made by `ferry publish`). */
export function sourceOf(message: string): string | null {
  const v = trailers(message)[SOURCE_TRAILER];
  return v && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(v) ? v : null;
}

export function subjectOf(message: string): string {
  return message.split('\n', 1)[0] ?? '';
}
