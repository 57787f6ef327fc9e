// Every lint rule of the repository, in one place (run by `npm run lint` and by `npm test`; docs/testing.md).
// First the fence around workflow code: code that runs inside a Temporal workflow is replayed, so it must be
// deterministic and must not do I/O.
// workflows/src/fence.spec.ts checks the same fence by following imports; this config makes the editor and the
// lint say so at the offending line.
import { builtinModules } from 'node:module';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const DETERMINISM = 'workflow code must be deterministic: use workflows/src/lib/clock.ts';

// Everything a workflow may reach. libs/domain and libs/contracts are fenced whole (minus the files below);
// from libs/temporal only workflow-ids.ts, which plan-run.workflow.ts imports (the rest of libs/temporal connects).
const FENCED = ['workflows/src/**/*.ts', 'libs/domain/src/**/*.ts', 'libs/contracts/src/**/*.ts', 'libs/temporal/src/workflow-ids.ts'];
const NOT_FENCED = [
  '**/*.spec.ts',
  // The plan file reader and the plan cloner parse YAML (the `yaml` package). No workflow imports them: they run in
  // the API, the CLI and activities. If a workflow ever needs them, move the YAML parsing out first.
  'libs/domain/src/plan/plan-file.ts',
  'libs/domain/src/plan/plan-clone.ts',
  'libs/domain/src/plan/plan-draft-model.ts',
  'libs/domain/src/plan/schema-check.ts',
  // The plan file's size and expansion limits, walking the parsed YAML document.
  'libs/domain/src/plan/plan-limits.ts',
  // The reader of criteria set files (a replacement of QĐ 06/QĐ-TTg as YAML); the scoring itself stays fenced.
  'libs/domain/src/assessment/criteria-file.ts',
];
// The one place workflow code reads time.
const CLOCK = 'workflows/src/lib/clock.ts';

const builtins = builtinModules.filter((m) => !m.startsWith('_')).join('|');

export default defineConfig([
  // TypeScript only: no JavaScript (build output, scripts), nor the client types generated from the OpenAPI document.
  globalIgnores(['**/*.js', '**/*.mjs', '**/*.cjs', 'dist/', 'apps/web/src/api/schema.gen.ts']),
  {
    name: 'dondoc/workflow-fence/imports',
    files: FENCED,
    ignores: NOT_FENCED,
    languageOptions: { parser: tseslint.parser, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    // No `eslint-disable` comments inside the fence: an exception goes here, where review sees it.
    linterOptions: { noInlineConfig: true },
    rules: {
      // The TypeScript version of the rule, for allowTypeImports: `import type` is erased and never runs.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(node:.+|(${builtins})(/.*)?)$`,
              caseSensitive: true,
              allowTypeImports: true,
              message:
                'workflow code must be deterministic and do no I/O: no Node built-ins here; do the work in an activity (apps/worker/src/activities).',
            },
            {
              regex: '^(@nestjs/.+|(typeorm|pg|nodemailer|yaml|handlebars)(/.*)?)$',
              caseSensitive: true,
              allowTypeImports: true,
              message:
                'workflow code must be deterministic and do no I/O: no database, mail, file or framework libraries here; do the work in an activity (apps/worker/src/activities).',
            },
            {
              regex: '^@temporalio/(activity|client|worker)(/.*)?$',
              caseSensitive: true,
              allowTypeImports: true,
              message:
                'workflow code runs in the workflow sandbox: use @temporalio/workflow (and @temporalio/common), not the activity, client or worker packages.',
            },
            {
              regex: '(^|/)apps/',
              caseSensitive: true,
              allowTypeImports: true,
              message:
                'workflow code may import from apps/ only with `import type` (e.g. the Activities interface for proxyActivities): apps/ code does I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'dondoc/workflow-fence/time-and-randomness',
    files: FENCED,
    ignores: [...NOT_FENCED, CLOCK],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: `${DETERMINISM} (nowMs) instead of Date.now(); a replay must read the same time.` },
        {
          object: 'Math',
          property: 'random',
          message:
            'workflow code must be deterministic: Math.random() gives another value on replay; take randomness from @temporalio/workflow (uuid4) or put it in workflows/src/lib/clock.ts.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.type='Identifier'][callee.name='Date'][arguments.length=0]",
          message: `${DETERMINISM} (new Date(nowMs())) instead of new Date(); a replay must read the same time.`,
        },
        {
          selector: "CallExpression[callee.type='Identifier'][callee.name='Date']",
          message: `${DETERMINISM} instead of Date(), which reads the wall clock.`,
        },
      ],
      'no-restricted-globals': [
        'error',
        {
          name: 'setTimeout',
          message:
            'workflow code must be deterministic: wait with sleep() or condition() from @temporalio/workflow, and read time through workflows/src/lib/clock.ts.',
        },
        {
          name: 'setInterval',
          message:
            'workflow code must be deterministic: wait with sleep() or condition() from @temporalio/workflow, and read time through workflows/src/lib/clock.ts.',
        },
      ],
    },
  },
  // typescript-eslint's recommended type-checked rules over all TypeScript: the api, worker, CLI, launcher, libs,
  // workflows, tests, benchmarks and the web app. projectService finds each file's nearest tsconfig.json (the root one
  // for apps/, libs/, workflows/, test/, bench/; apps/web/tsconfig.json for the web app).
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ['**/*.{ts,tsx}'] })),
  {
    name: 'dondoc/type-checked',
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Nest handlers, Temporal activities and interface methods stay `async` (a promise, errors as rejections) even when a body has nothing to await yet.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore marks a name kept on purpose (a positional parameter, a property left out of a rest copy).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // `${x satisfies never}` in the default of an exhaustive switch names the case nobody handled yet.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNever: true, allowNumber: true, allowBoolean: true }],
      // A caught error is rethrown as it came after the loop or cleanup that held it back (`if (held) throw held` narrows unknown to {}).
      '@typescript-eslint/only-throw-error': 'off',
      // Values read from YAML, forms, headers and logs are typed unknown and turned into text on purpose (String(x ?? '')).
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    name: 'dondoc/type-checked/web-app',
    files: ['apps/web/**/*.tsx'],
    // antd waits on a promise an event handler returns (Popconfirm's onConfirm shows its button loading until it settles).
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }] },
  },
  {
    name: 'dondoc/type-checked/yaml-walkers',
    // These walk a parsed YAML document (`type Raw = Record<string, any>`) and check each value's type where they read it.
    files: [
      'libs/domain/src/plan/plan-file.ts',
      'libs/domain/src/plan/plan-limits.ts',
      'libs/plan-import/src/compare.ts',
      'apps/cli/src/calendar-file.ts',
    ],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    name: 'dondoc/type-checked/tests',
    files: ['**/*.spec.ts', '**/*-spec.ts', '**/*.test.tsx', '**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests and benchmarks read HTTP answers, parsed JSON and mails as `any` and check their shape with expect().
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // expect(obj.method).toHaveBeenCalled() and jest's fakes name methods without calling them.
      '@typescript-eslint/unbound-method': 'off',
      // `(await page.evaluate(…)) as T` reads as well as evaluate<T>(…) in a test; the rule still checks the product code.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    name: 'dondoc/web-app',
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { parser: tseslint.parser, sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
]);
