import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDocumentIsolated, PARSE_LIMITS, parsePlanFileIsolated } from '../../apps/api/src/common/isolated-parse.js';
import { projectRoot } from '#libs/config/src/index.js';
import { PlanImportError } from '#libs/plan-import/src/index.js';
import { tanPhuPlanDocx } from '../utils/ke-hoach-docx.js';
import { percentile } from '../utils/latency.js';
import { docxOf } from '../utils/zip-file.js';

const SEED_YAML = readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8');

/** A .docx that passes every ZIP measure (its text does not compress) but takes mammoth long and much memory. */
const heavyDocx = (paragraphs: number) =>
  docxOf(Array.from({ length: paragraphs }, () => `<w:p><w:r><w:t>${randomBytes(60).toString('base64')}</w:t></w:r></w:p>`).join(''));

/**
 * How late a 10 ms timer fires while `work` runs, again and again: how long the event loop was kept from answering.
 * The p95 (robust to one garbage collection on a loaded machine) and the worst.
 */
async function loopDelayDuring<T>(work: () => Promise<T>): Promise<{ result: T | Error; p95DelayMs: number; maxDelayMs: number }> {
  const delays: number[] = [];
  let done = false;
  const ticking = (async () => {
    while (!done || delays.length < 20) {
      const t = performance.now();
      await new Promise((r) => setTimeout(r, 10));
      delays.push(performance.now() - t - 10);
    }
  })();
  const result = await work().catch((e: Error) => e);
  done = true;
  await ticking;
  return { result, p95DelayMs: percentile(delays, 95), maxDelayMs: Math.max(...delays) };
}

const importError = (r: unknown) => (r instanceof PlanImportError ? { code: r.code, vars: r.vars } : r);

/**
 * The parse worker (apps/api/src/common/isolated-parse.ts): plan files and plan documents are read in a worker thread;
 * one over its time or heap is stopped and reported as too complex, while the calling thread's event loop runs on.
 */
describe('parsing in a worker thread with time and memory limits', () => {
  it('reads a plan file and a .docx as in the api thread', async () => {
    const r = await parsePlanFileIsolated(SEED_YAML, 'ha-giang-2023.yaml');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.plan.items.length).toBeGreaterThan(5);
    const d = await importDocumentIsolated(await tanPhuPlanDocx(), 'tan-phu.docx', 'tan-phu.yaml');
    expect(d.yaml).toContain('issuer: ubnd_xa_tan_phu');
    // A refusal inside the worker comes back as the same PlanImportError.
    await expect(importDocumentIsolated(Buffer.from('x'), 'x.docx', 'x.yaml').catch(importError)).resolves.toMatchObject({
      code: 'NOT_DOCX',
    });
  }, 60_000);

  it('stops a document over its time limit (TOO_COMPLEX, timeout) while the event loop answers within 200 ms', async () => {
    const doc = heavyDocx(40_000); // ≈ 5 MB of XML, compressed ≈ 1.3:1
    const { result, p95DelayMs, maxDelayMs } = await loopDelayDuring(() =>
      importDocumentIsolated(doc, 'nang.docx', 'nang.yaml', { ...PARSE_LIMITS, timeoutMs: 1_000 }),
    );
    expect(importError(result)).toMatchObject({ code: 'TOO_COMPLEX', vars: { reason: 'timeout' } });
    expect(p95DelayMs).toBeLessThan(200);
    expect(maxDelayMs).toBeLessThan(1_000); // the document in this thread: seconds
  }, 60_000);

  it('stops a document over its heap limit (TOO_COMPLEX, memory), and the next job runs normally', async () => {
    const doc = heavyDocx(40_000);
    const { result, p95DelayMs, maxDelayMs } = await loopDelayDuring(() =>
      importDocumentIsolated(doc, 'nang.docx', 'nang.yaml', {
        ...PARSE_LIMITS,
        timeoutMs: 60_000,
        maxOldGenerationSizeMb: 64,
        maxYoungGenerationSizeMb: 8,
      }),
    );
    expect(importError(result)).toMatchObject({ code: 'TOO_COMPLEX', vars: { reason: 'memory' } });
    expect(p95DelayMs).toBeLessThan(200);
    expect(maxDelayMs).toBeLessThan(1_000);
    expect((await parsePlanFileIsolated(SEED_YAML, 'again.yaml')).ok).toBe(true);
  }, 120_000);

  it('answers a plan file over the time limit with one located error, PLAN_TOO_COMPLEX', async () => {
    const r = await parsePlanFileIsolated(SEED_YAML, 'slow.yaml', { ...PARSE_LIMITS, timeoutMs: 1 });
    expect(r).toMatchObject({
      ok: false,
      errors: [{ file: 'slow.yaml', line: 1, col: 1, code: 'PLAN_TOO_COMPLEX', vars: { reason: 'timeout' } }],
    });
  }, 30_000);
});
