// The lint fence (eslint.config.mjs) can fail: a workflow file that imports a Node built-in and reads the wall clock
// is refused with the fence's own messages, and clean workflow code passes.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The probes are text of files that do not exist, which no tsconfig.json includes: the fence's rules need no types, so
// the type-checked rules (eslint.config.mjs, run over the real files by `npm run lint`) are switched off here.
const eslint = new ESLint({ cwd: root, overrideConfig: { ...tseslint.configs.disableTypeChecked, files: ['**/*.ts'] } });
const lint = async (code: string, file = 'workflows/src/lint-probe.workflow.ts') => {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }));
};

describe('the workflow lint fence', () => {
  it('refuses I/O imports and wall-clock reads in workflow code', async () => {
    const messages = await lint(
      [
        "import { readFileSync } from 'node:fs';",
        'export const probe = (): string => `${Date.now()} ${new Date().toISOString()} ${readFileSync("x", "utf8")}`;',
        '',
      ].join('\n'),
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        { ruleId: '@typescript-eslint/no-restricted-imports', message: expect.stringContaining("'node:fs' import is restricted") },
        {
          ruleId: 'no-restricted-properties',
          message: expect.stringContaining('workflow code must be deterministic: use workflows/src/lib/clock.ts'),
        },
        {
          ruleId: 'no-restricted-syntax',
          message: expect.stringContaining('workflow code must be deterministic: use workflows/src/lib/clock.ts'),
        },
      ]),
    );
    expect(messages).toHaveLength(3);
  });

  it('lets the same wall-clock read through in workflows/src/lib/clock.ts, but not the import', async () => {
    const messages = await lint("import 'node:fs';\nexport const nowMs = (): number => Date.now();\n", 'workflows/src/lib/clock.ts');
    expect(messages.map((m) => m.ruleId)).toEqual(['@typescript-eslint/no-restricted-imports']);
  });

  it('passes clean workflow code: Temporal workflow APIs, type-only imports from apps/, time through the clock', async () => {
    const messages = await lint(
      [
        "import { proxyActivities, sleep } from '@temporalio/workflow';",
        "import type { Activities } from '../../apps/worker/src/activities/index.js';",
        "import { nowMs } from './lib/clock.js';",
        "const acts = proxyActivities<Activities>({ startToCloseTimeout: '1 minute' });",
        'export async function probeWorkflow(): Promise<number> {',
        "  await sleep('1 minute');",
        '  return nowMs() + new Date(nowMs()).getUTCDate() + Object.keys(acts).length;',
        '}',
        '',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
  });
});
