/**
 * Stable, distinct, DNS-safe ids for branch names, for per-branch preview environments.
 *
 * The id is the branch's slug — accents dropped, lowercase, every run of other characters a
 * single `-`, at most 30 characters — and, whenever the slug is not the branch name itself (it
 * lost case, characters or length), `-` and the first 8 hex digits of the branch's SHA-256, so
 * two branches never share an id: `feature/login` → `feature-login-<hash>`, `fix-42` → `fix-42`.
 * A name with no Latin letters or digits at all is its hash alone. The id is at most 39
 * characters, leaving room for a prefix within a 63-character DNS label.
 */
import { createHash } from 'node:crypto';

export const PREVIEW_SLUG_MAX = 30;

export function previewId(branch: string): string {
  const slug = branch
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, PREVIEW_SLUG_MAX)
    .replace(/-+$/, '');
  if (slug === branch) return slug;
  const hash = createHash('sha256').update(branch, 'utf8').digest('hex').slice(0, 8);
  return slug ? `${slug}-${hash}` : hash;
}
