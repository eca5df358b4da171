// Two projects: `unit` (pure functions, synthesised output) and `integration` (a real local control
// plane built by tools/, real git repositories, the real pulumi CLI). One control plane serves the
// whole integration run; see test/integration/setup/.
'use strict';

// @kubernetes/client-node 2.x is ESM-only; jest's CommonJS runtime needs it (and its ESM-only
// dependencies) transformed.
const esmPackages = [
  '@kubernetes/client-node',
  'openid-client',
  'oauth4webapi',
  'jose',
  'socks-proxy-agent',
  'agent-base',
];

const transform = {
  '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
};
const common = {
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: [`node_modules/(?!(${esmPackages.join('|')})/)`],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/setup/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/integration/setup/timeout.ts'],
    },
  ],
};
