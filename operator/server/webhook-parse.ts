/**
 * Reading a push webhook, authenticated before its body is even parsed. Pure (headers, raw body,
 * shared secret → what happened). Three senders:
 *
 * - GitHub: `X-GitHub-Event: push`, `X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body>`;
 *   `ping` is answered and ignored.
 * - GitLab: `X-Gitlab-Event: Push Hook`, `X-Gitlab-Token: <secret>`.
 * - Anything else (a CI job, a script): `Authorization: Bearer <secret>` and the JSON body
 *   `{"repo": "<url>", "branch": "deploy", "revision": "<commit, optional>"}`.
 *
 * Secrets are compared in constant time (HMACs and SHA-256 digests of equal length).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Push } from '../controller';

export type WebhookVerdict =
  | { readonly kind: 'push'; readonly sender: 'github' | 'gitlab' | 'generic'; readonly push: Push }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'unauthorized'; readonly reason: string }
  | { readonly kind: 'malformed'; readonly reason: string };

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Constant-time equality of two strings of any length. */
export function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b)) && a.length === b.length;
}

/** `sha256=<hex>` of `body` under `secret`, as GitHub signs. */
export function githubSignature(body: Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function validSignature(given: string, body: Buffer, secret: string): boolean {
  const want = Buffer.from(githubSignature(body, secret));
  const got = Buffer.from(given);
  return got.length === want.length && timingSafeEqual(got, want);
}

type Json = Record<string, unknown>;

function parse(body: Buffer): Json | string {
  try {
    const v = JSON.parse(body.toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : 'the body is not a JSON object';
  } catch (err) {
    return `the body is not JSON: ${(err as Error).message}`;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const ZERO = /^0+$/;

function branchOf(ref: unknown): string | undefined {
  const r = str(ref);
  return r?.startsWith('refs/heads/') ? r.slice('refs/heads/'.length) : undefined;
}

function fromPayload(sender: 'github' | 'gitlab', json: Json): WebhookVerdict {
  const ref = str(json.ref);
  if (!ref) return { kind: 'malformed', reason: 'the push has no "ref"' };
  const branch = branchOf(ref);
  if (!branch) return { kind: 'ignored', reason: `${ref} is not a branch` };
  const repo = obj(json.repository);
  const project = obj(json.project);
  const fields =
    sender === 'github'
      ? [repo.clone_url, repo.ssh_url, repo.git_url, repo.html_url, repo.url]
      : [
          project.git_http_url,
          project.git_ssh_url,
          project.web_url,
          repo.git_http_url,
          repo.git_ssh_url,
          repo.homepage,
        ];
  const repos = fields.map(str).filter((u): u is string => u !== undefined);
  if (repos.length === 0) return { kind: 'malformed', reason: 'the push names no repository URL' };
  const after = str(json.after);
  const revision = after && !ZERO.test(after) ? after : undefined;
  return { kind: 'push', sender, push: { repos, branch, ...(revision ? { revision } : {}) } };
}

export function readWebhook(headers: IncomingHttpHeaders, body: Buffer, secret: string): WebhookVerdict {
  const githubEvent = header(headers, 'x-github-event');
  if (githubEvent !== undefined) {
    const signature = header(headers, 'x-hub-signature-256');
    if (!signature) return { kind: 'unauthorized', reason: 'X-Hub-Signature-256 is missing' };
    if (!validSignature(signature, body, secret))
      return { kind: 'unauthorized', reason: 'X-Hub-Signature-256 does not match' };
    if (githubEvent !== 'push') return { kind: 'ignored', reason: `GitHub event "${githubEvent}"` };
    const json = parse(body);
    return typeof json === 'string' ? { kind: 'malformed', reason: json } : fromPayload('github', json);
  }
  const gitlabToken = header(headers, 'x-gitlab-token');
  const gitlabEvent = header(headers, 'x-gitlab-event');
  if (gitlabToken !== undefined || gitlabEvent !== undefined) {
    if (!gitlabToken || !sameSecret(gitlabToken, secret))
      return { kind: 'unauthorized', reason: 'X-Gitlab-Token does not match' };
    const json = parse(body);
    if (typeof json === 'string') return { kind: 'malformed', reason: json };
    if (json.object_kind !== 'push')
      return { kind: 'ignored', reason: `GitLab event "${gitlabEvent ?? '?'}"` };
    return fromPayload('gitlab', json);
  }
  const auth = header(headers, 'authorization');
  const bearer = auth?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!bearer) {
    return {
      kind: 'unauthorized',
      reason:
        'no credentials: send X-Hub-Signature-256 (GitHub), X-Gitlab-Token (GitLab) or Authorization: Bearer',
    };
  }
  if (!sameSecret(bearer, secret)) return { kind: 'unauthorized', reason: 'the bearer token does not match' };
  const json = parse(body);
  if (typeof json === 'string') return { kind: 'malformed', reason: json };
  const repo = str(json.repo);
  const branch = str(json.branch);
  if (!repo || !branch)
    return {
      kind: 'malformed',
      reason: 'expected {"repo": "<url>", "branch": "<branch>", "revision"?: "<commit>"}',
    };
  const revision = str(json.revision);
  if (revision !== undefined && !/^[0-9a-f]{40}$/.test(revision))
    return {
      kind: 'malformed',
      reason: `"revision" must be a full commit id (40 hex characters), not "${revision}"`,
    };
  return {
    kind: 'push',
    sender: 'generic',
    push: { repos: [repo], branch, ...(revision ? { revision } : {}) },
  };
}
