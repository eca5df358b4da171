/**
 * Notifications: an observer of the controller's reports, beside the StatusWriter. What deserves
 * one is decided in notify-events.ts; this file reads the configuration and delivers.
 *
 * Configuration: the `config.yaml` key of the Secret `ferry-notifications` in ferry-system (a
 * Secret, because webhook URLs and tokens are credentials), re-read at most every 10 s:
 *
 *   webhooks:
 *     - url: https://hooks.slack.com/services/T000/B000/XXXX
 *       format: slack                          # json (default) | slack
 *       events: [deployed, failed, degraded]   # default: all
 *       environments: [production, staging]    # default: all
 *   githubStatus:                              # a commit status on the deploy-branch commit
 *     token: ghp_...
 *     apiUrl: https://api.github.com           # default; GitHub Enterprise: https://HOST/api/v3
 *     repository: acme-shop/deploy             # default: the Environment's repository on github.com
 *     context: ferry/{environment}             # default
 *
 * Delivery never blocks a sync: each message is sent in the background, with a 5 s timeout and
 * up to 5 attempts (backoff doubling from `--notify-backoff`, with jitter) on network errors,
 * 429 and 5xx; other 4xx answers are final. At most 100 messages wait; more are dropped (logged).
 */
import { parse as parseYaml } from 'yaml';
import { abortableSleep } from '../adapters/clock';
import type { CachedSecret, ReconcileReport } from '../controller';
import type { EnvironmentResource } from '../model';
import { NotificationMemory, type Notification, type NotificationEvent } from './notify-events';

export interface WebhookTarget {
  readonly url: string;
  readonly format: 'json' | 'slack';
  readonly events: readonly NotificationEvent[];
  readonly environments?: readonly string[];
}

export interface GithubStatusTarget {
  readonly token: string;
  readonly apiUrl: string;
  readonly repository?: string;
  readonly context: string;
}

export interface NotificationConfig {
  readonly webhooks: readonly WebhookTarget[];
  readonly githubStatus?: GithubStatusTarget;
}

const EVENTS: readonly NotificationEvent[] = ['deployed', 'failed', 'degraded'];

/** Parse `config.yaml`; errors name the field. */
export function parseNotificationConfig(text: string, where: string): NotificationConfig {
  const doc = (parseYaml(text) ?? {}) as Record<string, unknown>;
  const fail = (field: string, msg: string): never => {
    throw new Error(`${where}: ${field} ${msg}`);
  };
  const webhooks = (
    Array.isArray(doc.webhooks) ? doc.webhooks : doc.webhooks ? fail('webhooks', 'must be a list') : []
  ).map((w: Record<string, unknown>, i: number): WebhookTarget => {
    const f = `webhooks[${i}]`;
    if (typeof w?.url !== 'string' || !/^https?:\/\//.test(w.url)) fail(`${f}.url`, 'must be an http(s) URL');
    const format = (w.format ?? 'json') as WebhookTarget['format'];
    if (format !== 'json' && format !== 'slack') fail(`${f}.format`, 'must be json or slack');
    const events = (w.events ?? EVENTS) as NotificationEvent[];
    if (!Array.isArray(events) || events.some((e) => !EVENTS.includes(e)))
      fail(`${f}.events`, `must list some of ${EVENTS.join(', ')}`);
    const envs = w.environments as string[] | undefined;
    if (envs !== undefined && !Array.isArray(envs)) fail(`${f}.environments`, 'must be a list of names');
    return { url: w.url as string, format, events, ...(envs ? { environments: envs } : {}) };
  });
  const gh = doc.githubStatus as Record<string, unknown> | undefined;
  let githubStatus: GithubStatusTarget | undefined;
  if (gh) {
    if (typeof gh.token !== 'string' || !gh.token) fail('githubStatus.token', 'is required');
    githubStatus = {
      token: gh.token as string,
      apiUrl: String(gh.apiUrl ?? 'https://api.github.com').replace(/\/$/, ''),
      ...(gh.repository ? { repository: String(gh.repository) } : {}),
      context: String(gh.context ?? 'ferry/{environment}'),
    };
  }
  return { webhooks, ...(githubStatus ? { githubStatus } : {}) };
}

const ICON: Record<NotificationEvent, string> = {
  deployed: ':rocket:',
  failed: ':x:',
  degraded: ':warning:',
};

export function jsonPayload(n: Notification): object {
  const { repo: _repo, ...rest } = n;
  return rest;
}

export function slackPayload(n: Notification): object {
  const rev = n.revision ? ` \`${n.revision.slice(0, 12)}\`` : '';
  const stage = n.stage ? ` (${n.stage})` : '';
  return {
    text: `${ICON[n.event]} *${n.environment}* ${n.event}${rev}${stage}: ${n.message.slice(0, 2000)}`,
  };
}

/** `owner/name` of a github.com repository URL, if it is one. */
export function githubRepository(url: string): string | undefined {
  const m = /github\.com[/:]([^/]+)\/([^/]+?)(?:\.git)?\/?$/i.exec(url);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

interface Delivery {
  readonly what: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: object;
}

export interface NotifierOptions {
  readonly config: CachedSecret;
  /** First retry delay; doubles. @default 1000 */
  readonly backoffMs?: number;
  readonly log?: (line: string) => void;
}

export class Notifier {
  private readonly memory = new NotificationMemory();
  private pending = 0;
  private lastConfigError: string | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly opts: NotifierOptions) {}

  /** Observe a report: never throws, never waits for delivery. */
  observe(env: EnvironmentResource, report: ReconcileReport): void {
    const notes = this.memory.notificationsFor(env, report);
    if (notes.length === 0) return;
    const p = this.dispatch(notes).catch((err: unknown) =>
      this.opts.log?.(`notifications: ${(err as Error).message}`),
    );
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Resolves when every message under way is delivered or given up (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private async readConfig(): Promise<NotificationConfig | undefined> {
    const text = await this.opts.config.key('config.yaml');
    if (!text) return undefined;
    try {
      const cfg = parseNotificationConfig(
        text,
        `Secret ${this.opts.config.namespace}/${this.opts.config.name}`,
      );
      this.lastConfigError = undefined;
      return cfg;
    } catch (err) {
      const message = (err as Error).message;
      if (message !== this.lastConfigError) this.opts.log?.(`notifications are off: ${message}`);
      this.lastConfigError = message;
      return undefined;
    }
  }

  private async dispatch(notes: readonly Notification[]): Promise<void> {
    const cfg = await this.readConfig();
    if (!cfg) return;
    const deliveries: Delivery[] = [];
    for (const n of notes) {
      for (const w of cfg.webhooks) {
        if (!w.events.includes(n.event)) continue;
        if (w.environments && !w.environments.includes(n.environment)) continue;
        deliveries.push({
          what: `${n.event} of ${n.environment} to ${new URL(w.url).host}`,
          url: w.url,
          headers: { 'Content-Type': 'application/json' },
          body: w.format === 'slack' ? slackPayload(n) : jsonPayload(n),
        });
      }
      const gh = cfg.githubStatus;
      const repository = gh && (gh.repository ?? githubRepository(n.repo));
      if (gh && repository && n.revision) {
        deliveries.push({
          what: `commit status of ${n.environment} on ${repository}@${n.revision.slice(0, 12)}`,
          url: `${gh.apiUrl}/repos/${repository}/statuses/${n.revision}`,
          headers: {
            'Content-Type': 'application/json',
            Accept: 'application/vnd.github+json',
            Authorization: `Bearer ${gh.token}`,
            'User-Agent': 'ferry-operator',
          },
          body: {
            state: n.event === 'deployed' ? 'success' : 'failure',
            context: gh.context.replace('{environment}', n.environment),
            description: `${n.event}: ${n.message.split('\n')[0]}`.slice(0, 140),
          },
        });
      }
    }
    await Promise.all(deliveries.map((d) => this.deliver(d)));
  }

  private async deliver(d: Delivery): Promise<void> {
    if (this.pending >= 100) {
      this.opts.log?.(`notification dropped (100 waiting): ${d.what}`);
      return;
    }
    this.pending++;
    try {
      const attempts = 5;
      for (let i = 1; i <= attempts; i++) {
        let why: string;
        try {
          const res = await fetch(d.url, {
            method: 'POST',
            headers: d.headers,
            body: JSON.stringify(d.body),
            signal: AbortSignal.timeout(5000),
          });
          await res.arrayBuffer().catch(() => undefined);
          if (res.ok) return;
          why = `HTTP ${res.status}`;
          if (res.status < 500 && res.status !== 429) {
            this.opts.log?.(`notification not accepted (${why}), not retried: ${d.what}`);
            return;
          }
        } catch (err) {
          why = (err as Error).message;
        }
        if (i === attempts) {
          this.opts.log?.(`notification failed after ${attempts} attempts (${why}): ${d.what}`);
          return;
        }
        const base = (this.opts.backoffMs ?? 1000) * 2 ** (i - 1);
        await abortableSleep(base * (0.75 + Math.random() / 2));
      }
    } finally {
      this.pending--;
    }
  }
}
