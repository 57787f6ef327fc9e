import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '#libs/config/src/index.js';

const root = projectRoot();
const corpus = join(root, 'test', 'replay', 'histories');

/**
 * Every committed history (recorded from real runs with
 * DONDOC_RECORD_HISTORIES=1 npm test -- test/e2e/step-lifecycle test/e2e/update-deadline test/e2e/plan-run-fanout test/e2e/child-case test/e2e/digest)
 * replays against the current workflow code, within its budgets. A change that breaks determinism fails here.
 */
describe('replay corpus', () => {
  const files = readdirSync(corpus).filter((f) => f.endsWith('.json'));
  const r = spawnSync(process.execPath, [join(root, 'dist', 'apps', 'worker', 'src', 'replay.js'), corpus], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const results: { file: string; ok: boolean; error?: string; events: number; inputBytes: number; workflowType: string }[] = r.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{')) // the SDK's own warnings also go to stdout
    .map((l) => JSON.parse(l));

  it('has a history of every workflow kind: the step (nobody acting, the approval path), the plan-run tree, the case, the digests', () => {
    expect(results.map((x) => x.file)).toEqual([...files].sort());
    const kinds = new Set(results.map((x) => x.workflowType));
    expect([...kinds].sort()).toEqual(['caseWorkflow', 'digestWorkflow', 'planRunWorkflow', 'stepWorkflow']);
    expect(results.filter((x) => x.workflowType === 'stepWorkflow').length).toBeGreaterThanOrEqual(2);
  });

  it('replays every history without a nondeterminism error', () => {
    expect(results.filter((x) => !x.ok)).toEqual([]);
    expect(r.status).toBe(0);
  });

  it('stays within the budgets: ≤ 300 events per run, ≤ 16 KiB of input', () => {
    for (const x of results) {
      expect(x.events).toBeLessThanOrEqual(300);
      expect(x.inputBytes).toBeLessThanOrEqual(16 * 1024);
    }
  });
});
