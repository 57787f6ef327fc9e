import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '#libs/config/src/index.js';
import type { ReplayResult } from '../utils/histories.js';

const root = projectRoot();
const corpus = join(root, 'test', 'replay', 'histories');

/** Replays the committed corpus against the workflow code in `dir` (a copy of dist/workflows), bundled afresh. */
function replayAgainst(dir: string): { results: ReplayResult[]; status: number | null } {
  const r = spawnSync(
    process.execPath,
    [join(root, 'dist', 'apps', 'worker', 'src', 'replay.js'), corpus, join(dir, 'workflows', 'src', 'index.js')],
    {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    },
  );
  return {
    results: r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as ReplayResult),
    status: r.status,
  };
}

/** A copy of the built workflow code in a temp dir, beside links to the libraries and node_modules it imports. */
function copyOfWorkflows(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-workflows-'));
  cpSync(join(root, 'dist', 'workflows'), join(dir, 'workflows'), { recursive: true });
  symlinkSync(join(root, 'dist', 'libs'), join(dir, 'libs'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

describe('a workflow change without a patch', () => {
  it('is caught by the replay corpus: every step history fails on the altered code and replays on an unaltered copy', () => {
    const control = copyOfWorkflows();
    const altered = copyOfWorkflows();
    try {
      // The change: a timer before the step records its assignment, without patched()/deprecatePatch().
      const file = join(altered, 'workflows', 'src', 'step.workflow.js');
      const code = readFileSync(file, 'utf8');
      const changed = `import { sleep as unpatchedSleep } from '@temporalio/workflow';\n${code.replace(/if \(!input\.resume\)\s*await exclusive\(/, "await unpatchedSleep('1 second');\n    if (!input.resume) await exclusive(")}`;
      expect(changed).toContain("await unpatchedSleep('1 second')");
      writeFileSync(file, changed);

      const before = replayAgainst(control);
      const after = replayAgainst(altered);
      const steps = after.results.filter((r) => r.workflowType === 'stepWorkflow');
      const caught = steps.filter((r) => !r.ok && /nondetermin/i.test(r.error ?? ''));
      console.log(
        `replay of ${before.results.length} committed histories: unaltered copy ${before.results.filter((r) => r.ok).length} ok; ` +
          `altered step.workflow (a timer added without a patch): ${caught.length}/${steps.length} step histories caught as nondeterministic ` +
          `(${steps.map((r) => `${r.file}: ${(r.error ?? 'ok').split('\n')[0].slice(0, 120)}`).join('; ')})\n` +
          `checked: lost=0 duplicated=0 (no step history replays silently on the changed code)`,
      );
      expect(before.results.length).toBeGreaterThanOrEqual(6);
      expect(before.results.filter((r) => !r.ok)).toEqual([]);
      expect(before.status).toBe(0);
      expect(steps.length).toBeGreaterThanOrEqual(2);
      expect(caught).toHaveLength(steps.length);
      expect(after.status).toBe(1);
    } finally {
      rmSync(control, { recursive: true, force: true });
      rmSync(altered, { recursive: true, force: true });
    }
  }, 300_000);
});
