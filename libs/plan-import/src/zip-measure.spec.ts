import { describe, expect, it } from '@jest/globals';
import { tanPhuPlanDocx } from '../../../test/utils/ke-hoach-docx.js';
import { docxBomb, docxManyEntries, docxOf, zipFile } from '../../../test/utils/zip-file.js';
import { DOCX_LIMITS, measureZip, PlanImportError, readDocument } from './index.js';

/** The import error a document gets, or undefined when it is read. */
const refusal = async (bytes: Buffer, file = 'ke-hoach.docx') => {
  try {
    await readDocument(bytes, file);
    return undefined;
  } catch (err) {
    if (err instanceof PlanImportError) return err;
    throw err;
  }
};

describe('a .docx is measured from its ZIP directory before anything is inflated', () => {
  it('passes a real Word document and reads it', async () => {
    const docx = await tanPhuPlanDocx();
    const m = measureZip(docx);
    expect(m.ok).toBe(true);
    if (m.ok) expect(m.entries.map((e) => e.name)).toContain('word/document.xml');
    expect((await readDocument(docx, 'tan-phu.docx')).lines.some((l) => l.text.includes('KẾ HOẠCH'))).toBe(true);
  });

  it("refuses the issue's bomb (a few KB inflating to ~1 MB of paragraphs) by its compression ratio, unread", async () => {
    const bomb = docxBomb();
    expect(bomb.length).toBeLessThan(10 * 1024);
    const m = measureZip(bomb);
    expect(m).toMatchObject({ ok: false, code: 'ZIP_RATIO', vars: { entry: 'word/document.xml' } });
    if (!m.ok && m.code === 'ZIP_RATIO') expect(m.vars.ratio).toBeGreaterThan(DOCX_LIMITS.maxRatio);
    const e = await refusal(bomb);
    expect(e).toMatchObject({ code: 'ZIP_RATIO', line: 1, col: 1 });
  });

  it('refuses an archive of more entries than a document has, by the count its directory states', async () => {
    const many = docxManyEntries(DOCX_LIMITS.maxEntries + 10);
    expect(measureZip(many)).toMatchObject({
      ok: false,
      code: 'ZIP_TOO_MANY_ENTRIES',
      vars: { n: DOCX_LIMITS.maxEntries + 13, max: DOCX_LIMITS.maxEntries },
    });
    expect(await refusal(many)).toMatchObject({ code: 'ZIP_TOO_MANY_ENTRIES' });
    expect(measureZip(docxManyEntries(DOCX_LIMITS.maxEntries - 3)).ok).toBe(true);
  });

  it('refuses an entry, and entries together, declared larger than the limits; a stored (uncompressed) entry counts too', async () => {
    const big = docxOf('<w:p/>', [
      {
        name: 'word/media/a.bin',
        data: Buffer.from('x'),
        store: true,
        declare: { uncompressed: DOCX_LIMITS.maxEntryBytes + 1, compressed: DOCX_LIMITS.maxEntryBytes + 1 },
      },
    ]);
    expect(measureZip(big)).toMatchObject({ ok: false, code: 'ZIP_ENTRY_TOO_BIG', vars: { entry: 'word/media/a.bin' } });
    expect(await refusal(big)).toMatchObject({ code: 'ZIP_ENTRY_TOO_BIG' });
    const parts = Array.from({ length: 4 }, (_, i) => ({
      name: `word/media/${i}.bin`,
      data: Buffer.from('x'),
      store: true,
      declare: { uncompressed: DOCX_LIMITS.maxEntryBytes, compressed: DOCX_LIMITS.maxEntryBytes },
    }));
    expect(measureZip(docxOf('<w:p/>', parts))).toMatchObject({ ok: false, code: 'ZIP_TOO_BIG' });
  });

  it('keeps a small, very regular part below the ratio floor (Word writes those)', () => {
    const small = docxOf('<w:p/>'.repeat(10_000)); // 60 KB of XML, compressed several hundred times
    expect(measureZip(small).ok).toBe(true);
  });

  it('says what is not a ZIP at all, or a cut one, without throwing', async () => {
    expect(measureZip(Buffer.from('not a zip')).ok).toBe(false);
    const docx = await tanPhuPlanDocx();
    expect(measureZip(docx.subarray(0, docx.length - 30))).toMatchObject({ ok: false, code: 'NOT_ZIP' });
    expect(await refusal(docx.subarray(0, 200))).toMatchObject({ code: 'NOT_DOCX' });
    expect(measureZip(zipFile([])).ok).toBe(true);
  });
});
