import { ConfigError, parseDuration, resolveSyncConfig } from '../../../operator/config';
import { redact } from '../../../operator/adapters/git';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['45', 45_000],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['soon', '5 minutes', '', '10x', 'm5'])('rejects %j naming the field', (text) => {
    expect(() => parseDuration(text, '--timeout')).toThrow(
      new ConfigError(`--timeout: "${text}" is not a duration; use e.g. 90s, 5m or 1h30m`),
    );
  });
});

describe('resolveSyncConfig', () => {
  it('needs exactly one of --repo and --dir', () => {
    expect(() => resolveSyncConfig('dev', {})).toThrow(
      /pass --repo URL .* or --dir PATH \(e\.g\. dist\/dev\)/,
    );
    expect(() => resolveSyncConfig('dev', { repo: 'r', dir: 'd' })).toThrow(
      /either --repo or --dir, not both/,
    );
  });

  it('defaults branch and timeout; leaves prune to the sync policy unless a flag says', () => {
    const cfg = resolveSyncConfig('dev', { repo: 'https://git.example.com/deploy.git' });
    expect(cfg.source).toMatchObject({ kind: 'git', branch: 'deploy' });
    expect(cfg.prune).toBeUndefined();
    expect(resolveSyncConfig('dev', { repo: 'x', prune: false }).prune).toBe(false);
    expect(resolveSyncConfig('dev', { repo: 'x', prune: true }).prune).toBe(true);
    expect(cfg.unschedulableGraceMs).toBe(120_000);
    expect(cfg.timeoutMs).toBe(300_000);
  });

  it('rejects environment names that are not DNS labels', () => {
    expect(() => resolveSyncConfig('Dev_1', { dir: 'x' })).toThrow(/environment name "Dev_1" is not valid/);
  });
});

describe('git credentials never reach messages', () => {
  it('redacts tokens, URL credentials and auth headers', () => {
    const auth = { token: 's3cr3t-token' };
    const message =
      "fatal: unable to access 'https://bot:s3cr3t-token@git.example.com/x.git/': s3cr3t-token rejected; " +
      'Authorization: Basic eC1hY2Nlc3MtdG9rZW46czNjcjN0';
    const out = redact(message, auth);
    expect(out).not.toContain('s3cr3t-token');
    expect(out).not.toContain('eC1hY2Nlc3MtdG9rZW46czNjcjN0');
    expect(out).toContain('https://***@git.example.com/x.git/');
  });
});
