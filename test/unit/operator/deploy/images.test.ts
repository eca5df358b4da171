import { formatMove, imageMoves, imagesIn, parseImage } from '../../../../operator/deploy';

describe('image references', () => {
  it.each([
    ['ghcr.io/acme/api:1.2', 'ghcr.io/acme/api', '1.2'],
    ['localhost:5000/api:1.2', 'localhost:5000/api', '1.2'],
    ['localhost:5000/api', 'localhost:5000/api', 'latest'],
    ['nginx', 'nginx', 'latest'],
    ['ghcr.io/acme/api@sha256:abc', 'ghcr.io/acme/api', 'sha256:abc'],
    ['ghcr.io/acme/api:1.2@sha256:abc', 'ghcr.io/acme/api', '1.2@sha256:abc'],
  ])('%s → %s, %s', (ref, repository, tag) => expect(parseImage(ref)).toEqual({ repository, tag }));

  it('finds containers, init containers and images at any depth (CronJob)', () => {
    const cronJob = {
      kind: 'CronJob',
      spec: {
        jobTemplate: {
          spec: {
            template: {
              spec: {
                initContainers: [{ name: 'init', image: 'busybox:1.36' }],
                containers: [{ name: 'job', image: 'ghcr.io/acme/job:3' }],
              },
            },
          },
        },
      },
    };
    expect(imagesIn(cronJob)).toEqual(['busybox:1.36', 'ghcr.io/acme/job:3']);
    expect(imagesIn({ kind: 'ConfigMap', data: { image: 'not-a-container:1' } })).toEqual([]);
  });

  it('reports repositories whose tags moved, appeared or disappeared', () => {
    const moves = imageMoves(['a/api:1', 'a/worker:1', 'a/old:1'], ['a/api:2', 'a/worker:1', 'a/new:1']);
    expect(moves.map((m) => formatMove(m))).toEqual(['a/api 1 -> 2', 'a/new (new) 1', 'a/old 1 (removed)']);
    expect(formatMove(moves[0]!, true)).toBe('api 1 -> 2');
    expect(imageMoves(['a/api:1'], ['a/api:1'])).toEqual([]);
  });
});
