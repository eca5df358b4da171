import { redactSecrets, redactUrls } from '../../../../operator/model';

describe('credentials in URLs never reach a message', () => {
  it.each([
    ['https://bob:s3cr3tTOKEN@host/x.git', 'https://***@host/x.git'],
    [
      'https://x-access-token:ghp_abc123@github.com/acme/deploy.git',
      'https://***@github.com/acme/deploy.git',
    ],
    ['ssh://git:pw@host:22/x.git', 'ssh://***@host:22/x.git'],
    ['git+https://token@host/x', 'git+https://***@host/x'],
  ])('redacts the userinfo of %s', (url, want) => {
    expect(redactUrls(`cannot fetch branch deploy of ${url}: fatal`)).toBe(
      `cannot fetch branch deploy of ${want}: fatal`,
    );
  });

  it('leaves URLs without userinfo and e-mail addresses alone', () => {
    const text = 'see https://host/x.git and mail ops@example.com';
    expect(redactUrls(text)).toBe(text);
  });

  it('also removes given secret values wherever they appear', () => {
    expect(redactSecrets('token hunter22 rejected', ['hunter22'])).toBe('token *** rejected');
  });
});
