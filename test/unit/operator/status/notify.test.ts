import type { ReconcileReport } from '../../../../operator/controller';
import type { EnvironmentResource, SyncResult } from '../../../../operator/model';
import { syncResult } from './results';
import {
  githubRepository,
  kubeRequestLabels,
  NotificationMemory,
  parseNotificationConfig,
  slackPayload,
} from '../../../../operator/status';

const env: EnvironmentResource = {
  apiVersion: 'ferry.dev/v1alpha1',
  kind: 'Environment',
  metadata: { name: 'prod', namespace: 'ferry-system' },
  spec: {
    source: { repo: 'https://github.com/acme/deploy.git' },
    destination: { cluster: 'in-cluster', namespace: 'shop' },
  },
};
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const result = (over: Partial<SyncResult>): SyncResult => syncResult(over, 'prod');
const synced = (r: SyncResult): ReconcileReport => ({ kind: 'synced', result: r, events: [] });

describe('which reports deserve a notification', () => {
  it('deployed once per revision; drift repairs and no-ops are not deployments', () => {
    const m = new NotificationMemory();
    const events = (r: SyncResult) =>
      m.notificationsFor(env, synced(r)).map((n) => `${n.event}@${n.revision}`);
    expect(events(result({}))).toEqual([`deployed@${A}`]);
    expect(events(result({ reason: { kind: 'previous-failed' } as SyncResult['reason'] }))).toEqual([]);
    expect(events(result({ reason: { kind: 'drift' } as SyncResult['reason'] }))).toEqual([]);
    expect(events(result({ result: 'in-sync' }))).toEqual([]);
    expect(events(result({ revision: B }))).toEqual([`deployed@${B}`]);
  });

  it('failed once per cause, with the stage and message; again after a success', () => {
    const m = new NotificationMemory();
    const failed = result({ result: 'failed', stage: 'apply', message: 'Deployment/api: invalid image' });
    const first = m.notificationsFor(env, synced(failed));
    expect(first).toEqual([
      expect.objectContaining({ event: 'failed', stage: 'apply', message: 'Deployment/api: invalid image' }),
    ]);
    expect(m.notificationsFor(env, synced(failed))).toEqual([]);
    m.notificationsFor(env, synced(result({ revision: B })));
    expect(m.notificationsFor(env, synced(failed)).map((n) => n.event)).toEqual(['failed']);
  });
});

describe('notification configuration and payloads', () => {
  it('parses webhooks and a GitHub status target with defaults', () => {
    const cfg = parseNotificationConfig(
      'webhooks:\n  - url: http://hooks.example/x\n    format: slack\n    events: [failed]\ngithubStatus:\n  token: t\n',
      'Secret ferry-system/ferry-notifications',
    );
    expect(cfg.webhooks).toEqual([{ url: 'http://hooks.example/x', format: 'slack', events: ['failed'] }]);
    expect(cfg.githubStatus).toEqual({
      token: 't',
      apiUrl: 'https://api.github.com',
      context: 'ferry/{environment}',
    });
  });

  it('names the field of bad configuration', () => {
    const where = 'Secret ferry-system/ferry-notifications';
    expect(() => parseNotificationConfig('webhooks:\n  - url: ftp://x\n', where)).toThrow(
      'Secret ferry-system/ferry-notifications: webhooks[0].url must be an http(s) URL',
    );
    expect(() =>
      parseNotificationConfig('webhooks:\n  - url: http://x\n    events: [oops]\n', where),
    ).toThrow(/webhooks\[0\]\.events/);
    expect(() => parseNotificationConfig('githubStatus: {}\n', where)).toThrow(
      /githubStatus.token is required/,
    );
  });

  it('a Slack message names the environment, event, revision and cause; GitHub repositories are recognised', () => {
    const text = (
      slackPayload({
        event: 'failed',
        environment: 'prod',
        revision: A,
        stage: 'apply',
        message: 'boom',
        repo: 'r',
        time: 't',
      }) as { text: string }
    ).text;
    expect(text).toBe(`:x: *prod* failed \`${A.slice(0, 12)}\` (apply): boom`);
    expect(githubRepository('git@github.com:acme/deploy.git')).toBe('acme/deploy');
    expect(githubRepository('https://gitlab.com/acme/deploy.git')).toBeUndefined();
  });
});

describe('kube request labels for metrics', () => {
  it.each([
    ['GET', '/api/v1/namespaces/shop/configmaps/c', false, 'get', 'configmaps'],
    ['GET', '/apis/apps/v1/namespaces/shop/deployments', false, 'list', 'deployments'],
    ['PATCH', '/apis/apps/v1/namespaces/shop/deployments/api', true, 'dryrun', 'deployments'],
    [
      'PATCH',
      '/apis/ferry.dev/v1alpha1/namespaces/x/environments/dev/status',
      false,
      'patch',
      'environments/status',
    ],
    ['DELETE', '/api/v1/namespaces/shop', false, 'delete', 'namespaces'],
    ['GET', '/apis', false, 'list', 'discovery'],
  ])('%s %s', (method, path, dryRun, verb, resource) =>
    expect(kubeRequestLabels(method, path, dryRun)).toEqual({ verb, resource }),
  );
});
