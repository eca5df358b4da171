/**
 * `POST /webhook`: a push to a deploy branch makes every Environment reading it look now. The
 * shared secret is the `secret` key of a Secret in ferry-system (`ferry-webhook` by default,
 * `--webhook-secret`). Bounded work per request, so a flood cannot slow the reconciles:
 *
 * - at most `maxInFlight` requests are read at once (more: 503 and `Retry-After`);
 * - bodies over 1 MiB are refused (413) — by Content-Length before reading, else while reading;
 * - a body must arrive within `readTimeoutMs` (408);
 * - the signature or token is checked before the body is parsed (401, counted, never a sync);
 *   malformed JSON is 400; a valid push names the Environments it enqueued (202).
 *
 * Every request is counted in `ferry_webhook_requests_total{result}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Push, PushRouting } from '../controller';
import { text, type Route } from './http';
import { readWebhook } from './webhook-parse';

export const WEBHOOK_MAX_BYTES = 1024 * 1024;

export type WebhookResult =
  | 'accepted'
  | 'ignored'
  | 'unauthorized'
  | 'malformed'
  | 'too-large'
  | 'timeout'
  | 'busy'
  | 'unconfigured'
  | 'method-not-allowed'
  | 'error';

export interface WebhookOptions {
  /** The shared secret; undefined when it is not configured. */
  readonly secret: () => Promise<string | undefined>;
  /** Where the secret is expected, for the message when it is missing. */
  readonly secretName: string;
  readonly onPush: (push: Push) => Promise<PushRouting>;
  readonly count?: (result: WebhookResult) => void;
  readonly log?: (line: string) => void;
  /** @default 1 MiB */
  readonly maxBytes?: number;
  /** @default 8 */
  readonly maxInFlight?: number;
  /** @default 10000 */
  readonly readTimeoutMs?: number;
}

class BodyError extends Error {
  constructor(readonly result: 'too-large' | 'timeout') {
    super(result);
  }
}

function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => fail(new BodyError('timeout')), timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      req.resume();
      reject(err);
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) fail(new BodyError('too-large'));
      else chunks.push(c);
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => fail(err));
  });
}

function json(res: ServerResponse, status: number, body: object): void {
  text(res, status, `${JSON.stringify(body)}\n`, 'application/json');
}

export function webhookRoute(opts: WebhookOptions): Route {
  const maxBytes = opts.maxBytes ?? WEBHOOK_MAX_BYTES;
  const maxInFlight = opts.maxInFlight ?? 8;
  let inFlight = 0;
  const done = (res: ServerResponse, result: WebhookResult, status: number, body: object) => {
    opts.count?.(result);
    // A refused body may still be arriving: do not keep the connection for it.
    if (status === 413 || status === 408) res.setHeader('Connection', 'close');
    json(res, status, body);
  };
  return async (req, res) => {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return done(res, 'method-not-allowed', 405, { error: 'use POST' });
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      return done(res, 'too-large', 413, { error: `the body is larger than ${maxBytes} bytes` });
    }
    if (inFlight >= maxInFlight) {
      res.setHeader('Retry-After', '1');
      return done(res, 'busy', 503, { error: 'too many webhook requests at once; retry' });
    }
    inFlight++;
    try {
      let body: Buffer;
      try {
        body = await readBody(req, maxBytes, opts.readTimeoutMs ?? 10_000);
      } catch (err) {
        if (err instanceof BodyError && err.result === 'too-large')
          return done(res, 'too-large', 413, { error: `the body is larger than ${maxBytes} bytes` });
        if (err instanceof BodyError)
          return done(res, 'timeout', 408, { error: 'the body did not arrive in time' });
        throw err;
      }
      const secret = await opts.secret();
      if (!secret) {
        return done(res, 'unconfigured', 503, {
          error: `webhooks are not configured: create Secret ${opts.secretName} with a \`secret\` key`,
        });
      }
      const verdict = readWebhook(req.headers, body, secret);
      switch (verdict.kind) {
        case 'unauthorized':
          opts.log?.(`webhook refused (401): ${verdict.reason}`);
          return done(res, 'unauthorized', 401, { error: verdict.reason });
        case 'malformed':
          return done(res, 'malformed', 400, { error: verdict.reason });
        case 'ignored':
          return done(res, 'ignored', 200, { ignored: verdict.reason });
        case 'push': {
          const routed = await opts.onPush(verdict.push);
          const hit = routed.enqueued.length + routed.forwarded.length;
          opts.log?.(
            `webhook (${verdict.sender}): push to ${verdict.push.branch}` +
              (hit
                ? `: syncing ${[...routed.enqueued, ...routed.forwarded].join(', ')}`
                : ': no Environment reads it'),
          );
          return done(res, hit ? 'accepted' : 'ignored', 202, routed);
        }
      }
    } catch (err) {
      opts.count?.('error');
      throw err;
    } finally {
      inFlight--;
    }
  };
}
