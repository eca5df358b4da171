/**
 * One key per deploy repository, however its URL is spelled, so a webhook's push and the poller
 * find every Environment that reads it. Pure.
 *
 *   https://Deploy-Bot:token@GitHub.com/Acme/Deploy.git/  →  github.com/acme/deploy
 *   git@github.com:acme/deploy.git                        →  github.com/acme/deploy
 *   ssh://git@gitlab.example.com:22/platform/deploy       →  gitlab.example.com/platform/deploy
 *   file:///srv/git/deploy.git, /srv/git/deploy.git        →  /srv/git/deploy
 *
 * Scheme, user and password, a trailing `.git` or `/`, the default port of the scheme and the case
 * of the host do not matter; the path's case matters except on github.com, gitlab.com and
 * bitbucket.org, whose paths are case-insensitive.
 */
const DEFAULT_PORTS: Readonly<Record<string, string>> = {
  'https:': '443',
  'http:': '80',
  'ssh:': '22',
  'git:': '9418',
};
const CASE_INSENSITIVE_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org']);

function trimPath(path: string): string {
  let p = path.replace(/\/+$/, '');
  if (p.endsWith('.git')) p = p.slice(0, -4);
  return p.replace(/\/+$/, '');
}

export function repoKey(url: string): string {
  const text = url.trim();
  // scp-like syntax: [user@]host:path (no scheme, no slash before the colon)
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(text);
  if (scp && !/^[a-z]:\\/i.test(text)) {
    const host = scp[1]!.toLowerCase();
    const path = trimPath(scp[2]!.replace(/^\/+/, ''));
    return `${host}/${CASE_INSENSITIVE_HOSTS.has(host) ? path.toLowerCase() : path}`;
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return trimPath(text);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return trimPath(text);
  }
  if (parsed.protocol === 'file:') return trimPath(decodeURIComponent(parsed.pathname));
  const host = parsed.hostname.toLowerCase();
  const port = parsed.port && parsed.port !== DEFAULT_PORTS[parsed.protocol] ? `:${parsed.port}` : '';
  const path = trimPath(decodeURIComponent(parsed.pathname).replace(/^\/+/, ''));
  return `${host}${port}/${CASE_INSENSITIVE_HOSTS.has(host) ? path.toLowerCase() : path}`;
}

/** The key of one branch of one repository. */
export function branchKey(repo: string, branch: string): string {
  return `${repoKey(repo)}#${branch}`;
}
