/**
 * What an environment tells the operator (interval, deletionPolicy) and what a platform declares
 * (source, operator image and cluster) are checked at synth, naming the field, before an API
 * server would refuse the Environment object.
 */
import { FerrySystem, formatIssue } from '../../../constructs';
import { synthAll, synthEnvironment } from '../../../constructs/synth';
import { TestEnv } from './helpers';

/** An environment with interval and deletionPolicy as given (bypassing their types, as JavaScript could). */
const issues = (interval: unknown, deletionPolicy: unknown = 'Orphan') =>
  synthEnvironment(
    Object.assign(new TestEnv(() => undefined, { name: 'timed' }), { interval, deletionPolicy }),
    null,
  ).issues.map(formatIssue);

describe('operator fields of an environment', () => {
  it.each(['30s', '1m', '1.5h', '250ms'])('accepts interval %j', (interval) => {
    expect(issues(interval)).toEqual([]);
  });

  it.each(['5 minutes', '0s', '60', ''])('refuses interval %j, naming the field', (interval) => {
    expect(issues(interval)).toEqual([
      `[timed] interval: ${JSON.stringify(interval)} is not a duration above zero; use e.g. 30s, 1m or 1h`,
    ]);
  });

  it('refuses a deletion policy other than Orphan or Delete', () => {
    expect(issues('1m', 'Cascade')).toEqual(['[timed] deletionPolicy: "Cascade" must be Orphan or Delete']);
  });
});

describe('the platform declaration of ferry-system', () => {
  const synthSystem = (repo: string, image: string, cluster: string) => {
    const env = new TestEnv(() => undefined, { name: 'app' });
    const system = new FerrySystem({ source: { repo }, operator: { image, cluster }, environments: [env] });
    return synthAll([env, system], null)[1].issues.map(formatIssue);
  };

  it('accepts https, scp-like, file URLs and absolute paths', () => {
    for (const repo of [
      'https://git.example.com/d.git',
      'git@github.com:acme/d.git',
      'file:///srv/d.git',
      '/srv/d.git',
    ])
      expect(synthSystem(repo, 'img:1', 'local')).toEqual([]);
  });

  it('names every bad field at once', () => {
    expect(synthSystem('deploy-repo', 'my image', 'Local_1')).toEqual([
      '[ferry-system] source.repo: "deploy-repo" is not a git URL; use https://host/repo.git, git@host:repo.git, file:///path or an absolute path',
      '[ferry-system] operator.image: "my image" is not an image reference',
      '[ferry-system] operator.cluster: "Local_1" must be a DNS-1123 name',
    ]);
  });
});
