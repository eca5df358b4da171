/**
 * Credentials must never reach a message: status, Events and logs are read by many. Users paste
 * URLs with credentials in them (`https://x-access-token:TOKEN@host/repo.git`); every URL's
 * userinfo is replaced before a message leaves Ferry.
 */

const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s'"]+@/gi;

/** `https://bob:secret@host/x.git` → `https://***@host/x.git`, in any text, for any scheme. */
export function redactUrls(text: string): string {
  return text.replace(USERINFO, '$1***@');
}

/** `redactUrls`, and every given secret value replaced by `***`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = redactUrls(text);
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out;
}
