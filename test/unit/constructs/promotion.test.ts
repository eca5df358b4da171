import { planPromotion, promotionMessage } from '../../../constructs/cli/promotion-plan';
import { versionMatrix } from '../../../constructs/cli/versions';
import { parseVersionsFile, rewriteVersions } from '../../../constructs/cli/versions-file';
import { Promotion } from '../../../constructs';
import { Dev, Production, Staging } from '../../../environments';

const SOURCE = `import type { Versions } from './shop-environment';

export const versions = {
  staging: {
    // release candidate for the spring sale
    'public-api': "1.42.0",
    worker: '1.42.0',
  },
  production: { 'public-api': '1.41.2', worker: '1.41.2' /* pinned by ops */, extra: \`0.1\` },
  qa: { worker: someTag() },
} satisfies Record<string, Versions>;
`;

describe('the versions module', () => {
  const file = parseVersionsFile('environments/versions.ts', SOURCE);

  it('reads every literal tag and names what it cannot rewrite', () => {
    expect([...file.envs.keys()]).toEqual(['staging', 'production', 'qa']);
    expect(Object.fromEntries([...file.envs.get('production')!].map(([c, t]) => [c, t.value]))).toEqual({
      'public-api': '1.41.2',
      worker: '1.41.2',
      extra: '0.1',
    });
    expect(file.problems).toEqual([
      'environments/versions.ts:10: qa.worker: not a string literal; promote rewrites literal tags only',
    ]);
  });

  it('rewrites only the edited literals, keeping quotes, comments and layout', () => {
    const text = rewriteVersions(file, [
      { env: 'production', component: 'worker', tag: '1.42.0' },
      { env: 'staging', component: 'public-api', tag: '1.43.0' },
    ]);
    expect(text).toBe(
      SOURCE.replace('"1.42.0"', '"1.43.0"').replace(
        "worker: '1.41.2' /* pinned by ops */",
        "worker: '1.42.0' /* pinned by ops */",
      ),
    );
  });

  it('is refused without an exported versions object', () => {
    expect(() => parseVersionsFile('v.ts', 'const versions = {};')).toThrow(
      "v.ts: no `export const versions = { <environment>: { <component>: '<tag>' } }`",
    );
  });
});

describe('a promotion plan', () => {
  const file = parseVersionsFile('environments/versions.ts', SOURCE);
  const promotions = [Promotion.from(Staging).to(Production)];

  it('moves every differing tag of the source that the target has', () => {
    const plan = planPromotion({ file, source: 'staging', target: 'production', promotions });
    expect(plan).toEqual({
      source: 'staging',
      target: 'production',
      moves: [
        { component: 'public-api', from: '1.41.2', to: '1.42.0' },
        { component: 'worker', from: '1.41.2', to: '1.42.0' },
      ],
      unchanged: [],
      missing: [],
      declared: true,
    });
    expect(promotionMessage(plan).split('\n')[0]).toBe(
      'Promote staging to production: public-api 1.42.0, worker 1.42.0',
    );
  });

  it('knows which promotions are declared, and names unknown environments', () => {
    expect(planPromotion({ file, source: 'production', target: 'staging', promotions }).declared).toBe(false);
    expect(() => planPromotion({ file, source: 'staging', target: 'prod', promotions })).toThrow(
      'environments/versions.ts has no versions for "prod"; known: staging, production, qa',
    );
  });

  it('Promotion.from(A).to(B) records the environment names', () => {
    expect(String(Promotion.from(Dev).to(Staging))).toBe('dev -> staging');
    expect(() => Promotion.from(Dev).to(Dev)).toThrow('both are "dev"');
  });
});

describe('the version matrix', () => {
  it('lists components across environments and the tags each promotion would move', () => {
    const m = versionMatrix(
      [
        { name: 'staging', versions: { api: '2', web: '1' } },
        { name: 'production', versions: { api: '1', web: '1' } },
        { name: 'preview-x', versions: { api: 'branch-x' } },
      ],
      [{ source: 'staging', target: 'production' }],
    );
    expect(m.components).toEqual(['api', 'web']);
    expect(m.tags.web).toEqual({ staging: '1', production: '1' });
    expect(m.promotions[0]!.pending).toEqual([{ component: 'api', from: '1', to: '2' }]);
  });
});
