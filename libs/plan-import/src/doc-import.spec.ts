import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { binhMinhPlanDocx, hoaBinhPlanDocx } from '../../../test/utils/ke-hoach-docx.js';
import { docxAsDoc, soffice } from '../../../test/utils/office.js';
import { viLabels } from '#libs/mail/src/index.js';
import { findSoffice, importErrorLine, importPlanDocument, PlanImportError, type ImportLabels } from './index.js';

type Raw = Record<string, any>;
const labels = (viLabels() as unknown as { planImport: ImportLabels }).planImport;

/** With CI=true LibreOffice must be there (the check fails instead of skipping); elsewhere it is skipped, and says why. */
const withOffice = !!soffice || process.env.CI === 'true';
if (!withOffice) console.warn('.doc import checks SKIPPED: soffice is missing (apt-get install -y libreoffice-writer-nogui)');

/** What the import says of each activity (its source, title, parties and dates), the parties, the plan's number, date and signer. */
const facts = (yaml: string) => {
  const plan = parse(yaml) as Raw;
  return {
    number: plan.plan.number,
    issued_on: plan.plan.issued_on,
    year: plan.plan.year,
    signer: plan.plan.signer,
    roles: plan.roles,
    items: plan.items,
  };
};

describe('a Word 97–2003 .doc (converted by LibreOffice)', () => {
  (withOffice ? it : it.skip)(
    'imports as its .docx does: the same activities, parties and dates',
    async () => {
      const docx = await binhMinhPlanDocx();
      const doc = docxAsDoc(docx);
      expect(doc.subarray(0, 4)).toEqual(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])); // an OLE compound file: a real .doc
      const fromDocx = await importPlanDocument(docx, 'binh-minh.docx');
      const fromDoc = await importPlanDocument(doc, 'binh-minh.doc');
      expect((parse(fromDoc.yaml) as Raw).items.length).toBeGreaterThan(5);
      expect(facts(fromDoc.yaml)).toEqual(facts(fromDocx.yaml));
      // A .doc that is no plan: the error names the file given, not the .docx made of it.
      const notPlan = await importPlanDocument(Buffer.from('x'), 'ghi-chu.doc').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(notPlan).toMatchObject({ code: 'NO_PLAN_STRUCTURE', file: 'ghi-chu.doc' });
    },
    180_000,
  );

  (withOffice ? it : it.skip)(
    'keeps the appendix table "STT | Nội dung công việc | Đơn vị chủ trì | …" (xã Hòa Bình)',
    async () => {
      const docx = await hoaBinhPlanDocx();
      const fromDocx = await importPlanDocument(docx, 'hoa-binh.docx');
      const fromDoc = await importPlanDocument(docxAsDoc(docx), 'hoa-binh.doc');
      const items = (parse(fromDoc.yaml) as Raw).items as Raw[];
      // The rows that repeat an activity complete it; the others are activities of their own (PL.n).
      expect(items.find((i) => String(i.source).startsWith('II.3'))?.source).toBe('II.3; PL.3');
      expect(items.map((i) => String(i.source)).filter((x) => x.startsWith('PL.'))).toEqual(['PL.5', 'PL.6']);
      expect(facts(fromDoc.yaml)).toEqual(facts(fromDocx.yaml));
    },
    180_000,
  );

  it('without LibreOffice: refused with a Vietnamese message saying to save it as .docx', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(findSoffice()).toBeUndefined();
      const err = await importPlanDocument(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), 'ke-hoach.doc').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(PlanImportError);
      expect(err).toMatchObject({ code: 'NO_OFFICE', file: 'ke-hoach.doc' });
      const line = importErrorLine(err as PlanImportError, labels);
      expect(line).toContain('ke-hoach.doc');
      expect(line).toMatch(/chưa cài LibreOffice.*lưu thành \(Save As\) kiểu \.docx/i);
    } finally {
      process.env.PATH = saved;
    }
  });
});
