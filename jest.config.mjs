// One jest configuration for every tier. `npm test` runs them all (DONDOC_TEST_TIER unset); `npm run test:<tier>`
// (scripts/bootstrap.mjs) sets DONDOC_TEST_TIER to run one:
//   unit     every `*.spec.ts`, beside the code it tests: compiled on the fly by ts-jest, nothing started — no build,
//            no PostgreSQL, no Temporal, no SMTP catcher (so no global setup). A test that needs one is not a unit
//            test: name it `*.int-spec.ts` (test/integration) instead.
//   int      test/integration/*.int-spec.ts: real PostgreSQL, real SMTP
//   e2e      test/e2e/*.e2e-spec.ts: HTTP, the Temporal dev server, the worker binary, the SMTP catcher
//   replay   test/replay/*.replay-spec.ts: the committed workflow histories against the current workflow code
//   faults   test/faults/*.fault-spec.ts: the real stack with faults injected
//   fuzz     test/fuzz/*.fuzz-spec.ts (the HTTP fuzz suite) and the unit-level `*.fuzz.spec.ts`
//   cluster  test/cluster/*.cluster-spec.ts: a real Temporal cluster on PostgreSQL, faults injected (docs/cluster.md);
//            only with `npm run test:cluster`, not in `npm test` (it builds the Temporal server, ≈ 15 min the first time)
const TIERS = {
  unit: ['**/*.spec.ts'],
  int: ['**/*.int-spec.ts'],
  e2e: ['**/*.e2e-spec.ts'],
  replay: ['**/*.replay-spec.ts'],
  faults: ['**/*.fault-spec.ts'],
  fuzz: ['**/*.fuzz-spec.ts', '**/*.fuzz.spec.ts'],
  cluster: ['**/*.cluster-spec.ts'],
};
/** Tiers `npm test` (no tier named) leaves out. */
const OWN_COMMAND = new Set(['cluster']);
const tier = process.env.DONDOC_TEST_TIER;
if (tier && !TIERS[tier]) throw new Error(`DONDOC_TEST_TIER=${tier}: no such tier (${Object.keys(TIERS).join(', ')})`);
const services = tier !== 'unit';

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', isolatedModules: true, diagnostics: false }] },
  // `#libs/…` (package.json "imports", dist/ at run time) is the TypeScript source under test.
  moduleNameMapper: { '^#libs/(.*)\\.js$': '<rootDir>/libs/$1', '^(\\.{1,2}/.*)\\.js$': '$1' },
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/workflows', '<rootDir>/test'],
  // apps/web is the browser app: its component tests run under Vitest (apps/web/vitest.config.ts).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/web/'],
  testMatch: tier
    ? TIERS[tier]
    : [
        ...new Set(
          Object.entries(TIERS)
            .filter(([t]) => !OWN_COMMAND.has(t))
            .flatMap(([, globs]) => globs),
        ),
      ],
  ...(services && { globalSetup: '<rootDir>/test/utils/global-setup.mjs', globalTeardown: '<rootDir>/test/utils/global-teardown.mjs' }),
  testTimeout: services ? 120_000 : 30_000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/utils/summary-reporter.mjs'],
};
