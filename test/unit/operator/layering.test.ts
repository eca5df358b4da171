/**
 * The operator's one-way layering (DESIGN.md) is enforced by eslint; these tests make sure the
 * rule stays in force: an upward import, an import of the authoring side (constructs/,
 * environments/) and a client-node import outside the kube adapter fail.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

function lint(file: string, source: string): string {
  const res = spawnSync(
    join(root, 'node_modules/.bin/node'),
    [join(root, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', file],
    { cwd: root, input: source, encoding: 'utf8' },
  );
  return res.stdout + res.stderr;
}

describe('operator layering lint', () => {
  it('rejects an import pointing up (plan → apply)', () => {
    const out = lint(
      'operator/plan/upward.ts',
      "import { applyObjects } from '../apply';\nexport const x = applyObjects;\n",
    );
    expect(out).toContain('operator/plan may not import operator/apply');
  });

  it('rejects an import between modules of one layer (plan → health)', () => {
    const out = lint(
      'operator/plan/sideways.ts',
      "import { worstOf } from '../health';\nexport const x = worstOf;\n",
    );
    expect(out).toContain('operator/plan may not import operator/health');
  });

  it.each([
    [
      'operator/cli/authoring.ts',
      "import { synthEnvironments } from '../../constructs/synth';",
      'constructs',
    ],
    ['operator/model/authoring.ts', "import { Image } from '../../constructs';", 'constructs'],
    ['operator/cli/envs.ts', "import { allEnvironments } from '../../environments';", 'environments'],
  ])('rejects an import of the authoring side (%s)', (file, line, folder) => {
    const out = lint(file, `${line}\nexport const x = 1;\n`);
    expect(out).toContain(`operator/ may not import ${folder}/: the operator image carries no cdk8s`);
  });

  it('rejects client-node outside the kube adapter', () => {
    const out = lint(
      'operator/apply/kube.ts',
      "import { KubeConfig } from '@kubernetes/client-node';\nexport const x = KubeConfig;\n",
    );
    expect(out).toContain('Only operator/adapters/kube may import client-node');
  });

  it('accepts an import pointing down (apply → plan)', () => {
    const out = lint(
      'operator/apply/downward.ts',
      "import { buildPlan } from '../plan';\nexport const x = buildPlan;\n",
    );
    expect(out).not.toMatch(/error|restricted/i);
  });
});
