import { createHmac } from 'node:crypto';
import { githubSignature, readWebhook, sameSecret } from '../../../../operator/server/webhook-parse';

const SECRET = 's3cret-value';
const REV = 'b'.repeat(40);
const body = (o: unknown) => Buffer.from(JSON.stringify(o));
const githubPush = {
  ref: 'refs/heads/deploy',
  after: REV,
  repository: {
    clone_url: 'https://github.com/acme/deploy.git',
    ssh_url: 'git@github.com:acme/deploy.git',
  },
};

describe('reading push webhooks', () => {
  it('GitHub: a push signed with the shared secret names the repository URLs, branch and commit', () => {
    const b = body(githubPush);
    const signature = `sha256=${createHmac('sha256', SECRET).update(b).digest('hex')}`;
    expect(githubSignature(b, SECRET)).toBe(signature);
    const v = readWebhook({ 'x-github-event': 'push', 'x-hub-signature-256': signature }, b, SECRET);
    expect(v).toEqual({
      kind: 'push',
      sender: 'github',
      push: {
        repos: ['https://github.com/acme/deploy.git', 'git@github.com:acme/deploy.git'],
        branch: 'deploy',
        revision: REV,
      },
    });
  });

  it('GitHub: a wrong, missing or other-body signature is unauthorized before the body is parsed', () => {
    const b = body(githubPush);
    const wrong = readWebhook(
      { 'x-github-event': 'push', 'x-hub-signature-256': githubSignature(b, 'other') },
      b,
      SECRET,
    );
    expect(wrong).toMatchObject({ kind: 'unauthorized', reason: expect.stringMatching(/does not match/) });
    expect(readWebhook({ 'x-github-event': 'push' }, b, SECRET)).toMatchObject({
      kind: 'unauthorized',
      reason: expect.stringMatching(/missing/),
    });
    // A signature over another body does not authenticate this one, even if this one is not JSON.
    const notJson = Buffer.from('{not json');
    expect(
      readWebhook(
        { 'x-github-event': 'push', 'x-hub-signature-256': githubSignature(b, SECRET) },
        notJson,
        SECRET,
      ),
    ).toMatchObject({ kind: 'unauthorized' });
    // Truncated signatures do not throw (timingSafeEqual needs equal lengths).
    expect(
      readWebhook({ 'x-github-event': 'push', 'x-hub-signature-256': 'sha256=ab' }, b, SECRET),
    ).toMatchObject({ kind: 'unauthorized' });
  });

  it('GitHub: signed malformed JSON is malformed; ping, tags and branch deletions are handled', () => {
    const sign = (b: Buffer, event = 'push') => ({
      'x-github-event': event,
      'x-hub-signature-256': githubSignature(b, SECRET),
    });
    const bad = Buffer.from('{"ref": ');
    expect(readWebhook(sign(bad), bad, SECRET)).toMatchObject({
      kind: 'malformed',
      reason: expect.stringMatching(/not JSON/),
    });
    const ping = body({ zen: 'hi' });
    expect(readWebhook(sign(ping, 'ping'), ping, SECRET)).toMatchObject({ kind: 'ignored' });
    const tag = body({ ...githubPush, ref: 'refs/tags/v1' });
    expect(readWebhook(sign(tag), tag, SECRET)).toMatchObject({ kind: 'ignored', reason: /not a branch/ });
    const deleted = body({ ...githubPush, after: '0'.repeat(40) });
    const v = readWebhook(sign(deleted), deleted, SECRET);
    expect(v).toMatchObject({ kind: 'push', push: { branch: 'deploy' } });
    expect(v.kind === 'push' && 'revision' in v.push).toBe(false);
    const noRepo = body({ ref: 'refs/heads/deploy' });
    expect(readWebhook(sign(noRepo), noRepo, SECRET)).toMatchObject({
      kind: 'malformed',
      reason: /repository/,
    });
  });

  it('GitLab: X-Gitlab-Token is compared with the secret; the project URLs are read', () => {
    const b = body({
      object_kind: 'push',
      ref: 'refs/heads/deploy',
      after: REV,
      project: { git_http_url: 'https://gitlab.example.com/platform/deploy.git' },
    });
    expect(readWebhook({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': SECRET }, b, SECRET)).toEqual({
      kind: 'push',
      sender: 'gitlab',
      push: { repos: ['https://gitlab.example.com/platform/deploy.git'], branch: 'deploy', revision: REV },
    });
    expect(readWebhook({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'nope' }, b, SECRET)).toMatchObject(
      {
        kind: 'unauthorized',
      },
    );
    expect(readWebhook({ 'x-gitlab-event': 'Push Hook' }, b, SECRET)).toMatchObject({ kind: 'unauthorized' });
    const tagPush = body({ object_kind: 'tag_push', ref: 'refs/tags/v1' });
    expect(readWebhook({ 'x-gitlab-token': SECRET }, tagPush, SECRET)).toMatchObject({ kind: 'ignored' });
  });

  it('generic: a bearer token and {repo, branch, revision?}; fields are checked', () => {
    const auth = { authorization: `Bearer ${SECRET}` };
    expect(readWebhook(auth, body({ repo: '/srv/git/deploy.git', branch: 'deploy' }), SECRET)).toEqual({
      kind: 'push',
      sender: 'generic',
      push: { repos: ['/srv/git/deploy.git'], branch: 'deploy' },
    });
    expect(readWebhook(auth, body({ repo: 'r', branch: 'b', revision: REV }), SECRET)).toMatchObject({
      push: { revision: REV },
    });
    expect(readWebhook(auth, body({ repo: 'r', branch: 'b', revision: 'HEAD' }), SECRET)).toMatchObject({
      kind: 'malformed',
      reason: /40 hex/,
    });
    expect(readWebhook(auth, body({ repo: 'r' }), SECRET)).toMatchObject({
      kind: 'malformed',
      reason: /branch/,
    });
    expect(readWebhook(auth, body([1, 2]), SECRET)).toMatchObject({
      kind: 'malformed',
      reason: /not a JSON object/,
    });
    expect(
      readWebhook({ authorization: 'Bearer wrong' }, body({ repo: 'r', branch: 'b' }), SECRET),
    ).toMatchObject({
      kind: 'unauthorized',
    });
    expect(readWebhook({}, body({ repo: 'r', branch: 'b' }), SECRET)).toMatchObject({
      kind: 'unauthorized',
      reason: /X-Hub-Signature-256.*X-Gitlab-Token.*Bearer/,
    });
  });

  it('compares secrets of any length without throwing', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('', 'x')).toBe(false);
  });
});
