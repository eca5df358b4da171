// Lint rules of the house. The operator's one-way layering (../DESIGN.md "Operator layering") is
// enforced by import/no-restricted-paths below: each layer may import only the layers beneath it.
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';
import prettier from 'eslint-config-prettier';

// Lowest first. A module may import only from layers strictly before it in this list
// (and from its own folder). apply/prune/hooks/infra are one layer; they may not import each other.
const layers = [
  ['model'],
  ['config'],
  ['adapters'],
  ['source', 'deploy'],
  ['manifests'],
  ['plan', 'health'],
  ['inventory'],
  ['apply', 'prune', 'hooks', 'infra'],
  ['reconcile'],
  ['controller'],
  ['status'],
  // The HTTP server (probes, metrics, webhook) is plumbing the `ferry operator` command wires in.
  ['server'],
  ['cli'],
];
const zones = [];
layers.forEach((group, i) => {
  const above = layers.slice(i + 1).flat();
  for (const mod of group) {
    const forbidden = [...above, ...group.filter((m) => m !== mod)];
    for (const f of forbidden) {
      zones.push({
        target: `./operator/${mod}`,
        from: `./operator/${f}`,
        message: `operator/${mod} may not import operator/${f}: imports point down only (DESIGN.md).`,
      });
    }
  }
});
// The operator image carries no cdk8s: operator/ never imports the authoring side.
for (const f of ['constructs', 'environments']) {
  zones.push({
    target: './operator',
    from: `./${f}`,
    message: `operator/ may not import ${f}/: the operator image carries no cdk8s (DESIGN.md).`,
  });
}
// Only the adapters touch client-node and simple-git.
const adapterOnly = {
  paths: [
    { name: '@kubernetes/client-node', message: 'Only operator/adapters/kube may import client-node.' },
    { name: 'simple-git', message: 'Only operator/adapters/git may import simple-git.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'imports/**',
      'coverage/**',
      'docs/api/**',
      'tools/go/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    plugins: { import: importPlugin },
    rules: {
      'import/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js'] } } },
  },
  {
    files: ['operator/**/*.ts'],
    ignores: ['operator/adapters/**'],
    rules: { 'no-restricted-imports': ['error', adapterOnly] },
  },
  prettier,
);
