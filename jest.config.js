// One jest run covers every package and app so CI reads a single result file.
// ESM mode: Nest 12 ships ESM only, which jest's CommonJS mode cannot load.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      target: 'es2022',
      keepClassNames: true,
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'es6' },
  },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.(t|j)s$': swc },
  moduleNameMapper: {
    '^@tranche/bybit-sim$': '<rootDir>/apps/bybit-sim/src/index.ts',
    '^@tranche/([a-z0-9-]+)$': '<rootDir>/packages/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  // TypeScript first: a stray compiled .js beside a source file must never shadow it.
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testEnvironment: 'node',
  rootDir: '.',
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/packages/*/src/**/*.spec.ts', '<rootDir>/apps/*/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/packages/*/test/**/*.spec.ts',
        '<rootDir>/apps/*/test/**/*.spec.ts',
        '<rootDir>/test/**/*.spec.ts',
      ],
      testTimeout: 120000,
    },
  ],
};
