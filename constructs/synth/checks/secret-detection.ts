/**
 * Does a name or a value look like a secret? Pure functions behind the `plaintext-secret` check.
 *
 * - Names: a word of the name (split at `_`, `-`, `.` and camelCase) is PASSWORD, PASSWD, PWD,
 *   SECRET, TOKEN, KEY, APIKEY, CREDENTIAL(S), PASSPHRASE or PRIVATEKEY — unless the name ends
 *   in a word that says it is not the secret itself (`…_FILE`, `…_PATH`, `…_NAME`, `…_ID`,
 *   `…_URL`, `…_TTL`, …).
 * - Values: known key formats (Stripe, AWS, GitHub, GitLab, Slack, Google, npm, SendGrid, JWT,
 *   PEM private keys), URLs carrying a password (`postgres://app:pw@db`), and high-entropy
 *   tokens: 20+ characters of [A-Za-z0-9+/_=-] mixing upper case, lower case and digits, with a
 *   Shannon entropy of at least 3.5 bits per character. Hex-only strings (commit SHAs, digests)
 *   are not flagged by entropy.
 * The value itself is never echoed in a finding.
 */

const SECRET_WORDS = new Set([
  'PASSWORD',
  'PASSWD',
  'PWD',
  'SECRET',
  'SECRETS',
  'TOKEN',
  'TOKENS',
  'KEY',
  'APIKEY',
  'CREDENTIAL',
  'CREDENTIALS',
  'PASSPHRASE',
  'PRIVATEKEY',
]);
const NOT_THE_SECRET = new Set([
  'FILE',
  'PATH',
  'DIR',
  'NAME',
  'NAMES',
  'ID',
  'URL',
  'URI',
  'ENDPOINT',
  'HEADER',
  'PREFIX',
  'TTL',
  'EXPIRY',
  'LENGTH',
  'SIZE',
  'REF',
  'VERSION',
  'ALGORITHM',
  'TYPE',
  'FIELD',
]);

/** The secret word in a name (`DB_PASSWORD` → `PASSWORD`), or undefined. */
export function secretWordIn(name: string): string | undefined {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  if (words.length === 0 || NOT_THE_SECRET.has(words[words.length - 1]!)) return undefined;
  return words.find((w) => SECRET_WORDS.has(w));
}

const FORMATS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b[rs]k_live_[0-9A-Za-z]{10,}/, 'a Stripe live key'],
  [/\b[rs]k_test_[0-9A-Za-z]{10,}/, 'a Stripe test key'],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key'],
  [/\bgh[pousr]_[0-9A-Za-z]{30,}/, 'a GitHub token'],
  [/\bgithub_pat_[0-9A-Za-z_]{20,}/, 'a GitHub token'],
  [/\bglpat-[0-9A-Za-z_-]{20,}/, 'a GitLab token'],
  [/\bxox[abposr]-[0-9A-Za-z-]{10,}/, 'a Slack token'],
  [/\bAIza[0-9A-Za-z_-]{35}/, 'a Google API key'],
  [/\bnpm_[0-9A-Za-z]{36}\b/, 'an npm token'],
  [/\bSG\.[0-9A-Za-z_-]{16,}\.[0-9A-Za-z_-]{16,}/, 'a SendGrid key'],
  [/\beyJ[0-9A-Za-z_-]{8,}\.eyJ[0-9A-Za-z_-]{8,}\.[0-9A-Za-z_-]{8,}/, 'a JSON Web Token'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
];
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:([^/\s@]+)@/i;
const TOKEN = /^[A-Za-z0-9+/_=-]{20,}$/;
export const ENTROPY_THRESHOLD = 3.5;

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function highEntropy(token: string): boolean {
  return (
    TOKEN.test(token) &&
    /[a-z]/.test(token) &&
    /[A-Z]/.test(token) &&
    /[0-9]/.test(token) &&
    entropy(token) >= ENTROPY_THRESHOLD
  );
}

/** What kind of secret a value looks like (`a Stripe live key`), or undefined. */
export function secretValueKind(value: string): string | undefined {
  for (const [re, what] of FORMATS) if (re.test(value)) return what;
  const url = URL_PASSWORD.exec(value);
  // `$(VAR)` and `${VAR}` are references expanded at run time, not passwords.
  if (url && !/^\$[({]/.test(url[1]!)) return 'a URL with a password';
  if (value.split(/[\s"',;:@]+/).some(highEntropy)) return 'a high-entropy string';
  return undefined;
}
