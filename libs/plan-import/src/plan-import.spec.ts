import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isScalar, parse, parseDocument, visit } from 'yaml';
import { tanPhuPlanDocx } from '../../../test/utils/ke-hoach-docx.js';
import { parsePlanFile } from '#libs/domain/src/index.js';
import { projectRoot } from '#libs/config/src/project-root.js';
import { comparePlans, importPlanDocument, PlanImportError, type PlanDraft } from './index.js';

const root = projectRoot();
const read = (...p: string[]) => readFileSync(join(root, ...p));
const SEED_DOC = 'plans/documents/ha-giang-2023-ke-hoach.txt';
const FIXTURES = 'test/fixtures/ke-hoach';

type Raw = Record<string, any>;
/** Section ref → responsible role (first step's assignee; "TODO" when left for a person). */
function rolesBySource(yaml: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const it of (parse(yaml) as Raw).items as Raw[]) {
    if (it.window) continue; // the national event item of an activity
    const a = it.steps[0].assignee as string;
    out[it.source] = a.startsWith('TODO') ? 'TODO' : a;
  }
  return out;
}

/** Replaces every TODO by a plausible value chosen by its key, as a person completing the draft would. */
function completeTodos(yaml: string): string {
  const doc = parseDocument(yaml);
  let n = 0;
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.value) || typeof pair.value.value !== 'string' || !pair.value.value.startsWith('TODO')) return;
      const key = String((pair.key as { value: unknown }).value);
      n++;
      const year = (doc.toJS() as Raw).plan.year as number;
      const byKey: Record<string, string> = {
        due: `${year}-10-${String(10 + (n % 15)).padStart(2, '0')}`,
        issued_on: `${year}-03-31`,
        rehearsal_start: `${year}-03-23`,
        email: key === 'email' && /\{nn\}/.test(pair.value.value) ? `thon-{nn}@xa.example.org` : `nguoi${n}@xa.example.org`,
        person: `Người số ${n}`,
        name: 'Thôn Một',
        kind: 'office',
        purpose: 'de_biet',
        assignee: 'officer_ldtbxh',
        role: 'chairman',
        formula: 'CHỦ TỊCH',
      };
      pair.value.value = byKey[key] ?? `giá trị ${n}`;
    },
  });
  return doc.toString();
}

function expectAllTodosReported(d: PlanDraft) {
  expect(d.summary.todos.length).toBeGreaterThan(0);
  expect(d.summary.todoDiagnostics).toHaveLength(d.summary.todos.length);
  const r = parsePlanFile(d.yaml, 'draft.yaml');
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.errors.every((e) => e.code === 'TODO' && e.message.startsWith('TODO ở '))).toBe(true);
  // Nothing that looks like a TODO escapes the list.
  expect((d.yaml.match(/: "TODO/g) ?? []).length).toBe(d.summary.todos.length);
}

describe('importing the seed Kế hoạch (UBND xã Hà Giang, 2023)', () => {
  it('finds every activity of II and IV, the heading, bases, recipients and signature', async () => {
    const d = await importPlanDocument(read(SEED_DOC), SEED_DOC);
    const sources = Object.keys(rolesBySource(d.yaml));
    for (const ref of ['II.1', 'II.2', 'II.3', 'II.4', 'II.5', 'IV.1', 'IV.2', 'IV.3']) expect(sources).toContain(ref);
    const plan = (parse(d.yaml) as Raw).plan;
    expect(plan).toMatchObject({
      id: 'HG-2023-BVCSTE',
      number: '__/KH-UBND',
      issuer: 'ubnd_xa_ha_giang',
      year: 2023,
      signer: { role: 'vice_chair_vhxh', formula: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH' },
    });
    expect(plan.issued_on).toMatch(/^TODO: .*tháng 3 năm 2023/);
    expect(plan.legal_bases).toEqual([
      { ref: 'Quyết định 305/QĐ-SLĐTBXH (Sở Lao động - Thương binh và Xã hội tỉnh Thanh Hóa)', date: '2023-01-27', src: 'SEED' },
      { ref: 'Kế hoạch 73/KH-UBND (UBND huyện Hà Trung)', date: '2023-03-22', src: 'SEED' },
    ]);
    expect(plan.recipients).toEqual(
      expect.arrayContaining([
        { unit: 'phong_ldtbxh_ha_trung', purpose: 'bao_cao' },
        { unit: 'villages_all', purpose: 'thuc_hien' },
        { unit: 'van_thu', purpose: 'luu' },
      ]),
    );
    expect((parse(d.yaml) as Raw).roles.vice_chair_vhxh.person).toBe('Tổng Văn Trưởng');
    // The page number "2" glued into "pháp luật của 2 Nhà nước" is taken out and reported.
    expect(d.summary.removedPageNumbers).toEqual([expect.objectContaining({ glued: true, text: expect.stringContaining('của 2 Nhà') })]);
    expect(d.yaml).toContain('pháp luật của Nhà nước');
  });

  it('recognises the national events of II.4: the Action Month window, the Children’s Forum (date TODO), Mid-Autumn on 15/8 lunar', async () => {
    const d = await importPlanDocument(read(SEED_DOC), SEED_DOC);
    const items = (parse(d.yaml) as Raw).items as Raw[];
    expect(items.find((i) => i.window)).toMatchObject({ source: 'II.4', window: { from: '2023-06-01', to: '2023-06-30' } });
    const steps = items.flatMap((i) => i.steps as Raw[]);
    expect(steps.find((s) => /Diễn đàn trẻ em/.test(s.title))?.due).toMatch(/^TODO/);
    expect(steps.find((s) => /Trung thu/.test(s.title))).toMatchObject({ due_lunar: '08-15' });
  });

  it('agrees with the shipped plan on the responsible role of at least 90% of the activities of II and IV', async () => {
    const d = await importPlanDocument(read(SEED_DOC), SEED_DOC);
    const report = comparePlans(d.yaml, read('plans', 'ha-giang-2023.yaml').toString('utf8'));
    expect(report.roleChecked).toBeGreaterThanOrEqual(8);
    expect(report.roleAgreed / report.roleChecked).toBeGreaterThanOrEqual(0.9);
    // Every shipped item shares a section with some draft item.
    expect(report.shipped.filter((m) => !m.draftIds.length).map((m) => m.id)).toEqual([]);
    expect(report.roles.find((r) => r.section === 'IV.2')).toMatchObject({ role: 'finance_officer', agrees: true });
    expect(report.roles.find((r) => r.section === 'IV.3')).toMatchObject({ role: 'village_head', agrees: true });
  });

  it('marks every unknown TODO, and once they are filled in the draft is a valid plan', async () => {
    const d = await importPlanDocument(read(SEED_DOC), SEED_DOC);
    expectAllTodosReported(d);
    expect(d.summary.todos.map((t) => t.path)).toEqual(
      expect.arrayContaining(['plan.issued_on', 'plan.rehearsal_start', 'roles.officer_ldtbxh.email', 'items.0.steps.0.due']),
    );
    const completed = parsePlanFile(completeTodos(d.yaml), 'completed.yaml');
    expect(completed.ok ? [] : completed.errors).toEqual([]);
  });

  it('gives the same draft from Windows line endings and from NFD text', async () => {
    const nfc = await importPlanDocument(read(SEED_DOC), SEED_DOC);
    const crlfNfd = Buffer.from(read(SEED_DOC).toString('utf8').normalize('NFD').replace(/\n/g, '\r\n'), 'utf8');
    expect((await importPlanDocument(crlfNfd, SEED_DOC)).yaml).toBe(nfc.yaml);
  });
});

/** Hand-written expectations of the three test documents: activities per section and the responsible role of each. */
const EXPECTED: {
  file: string;
  load: () => Promise<Buffer>;
  sections: Record<string, number>;
  roles: Record<string, string>;
  plan: Raw;
}[] = [
  {
    file: 'nghia-loc-duoi-nuoc-2024.txt',
    load: async () => read(FIXTURES, 'nghia-loc-duoi-nuoc-2024.txt'),
    sections: { I: 2, II: 5, III: 6 },
    roles: {
      'II.1': 'officer_culture',
      'II.2': 'village_head',
      'II.3': 'youth_union',
      'II.4': 'officer_ldtbxh',
      'II.5': 'finance_officer',
      'III.1': 'officer_ldtbxh',
      'III.2': 'officer_culture',
      'III.3': 'finance_officer',
      'III.4': 'police',
      'III.5': 'health_station',
      'III.6': 'village_head',
    },
    plan: { number: '45/KH-UBND', issued_on: '2024-04-15', issuer: 'ubnd_xa_nghia_loc', year: 2024, signer: { role: 'chairman' } },
  },
  {
    file: 'tan-lap-binh-dang-gioi-2024.txt',
    load: async () => read(FIXTURES, 'tan-lap-binh-dang-gioi-2024.txt'),
    sections: { I: 2, II: 5, III: 2, IV: 6 },
    roles: {
      'II.1': 'womens_union',
      'II.2': 'womens_union',
      'II.3': 'officer_ldtbxh',
      'II.4': 'police',
      'II.5': 'officer_ldtbxh',
      'III.1': 'officer_ldtbxh',
      'III.2': 'officer_ldtbxh',
      'IV.1': 'officer_ldtbxh',
      'IV.2': 'officer_culture',
      'IV.3': 'womens_union',
      'IV.4': 'police',
      'IV.5': 'veterans_union',
      'IV.6': 'village_head',
    },
    plan: {
      number: '112/KH-UBND',
      issued_on: '2024-03-05',
      issuer: 'ubnd_phuong_tan_lap',
      year: 2024,
      signer: { role: 'vice_chair_vhxh' },
    },
  },
  {
    file: 'tan-phu-suc-khoe-tre-em-2025.docx',
    load: tanPhuPlanDocx,
    sections: { I: 1, II: 4, III: 4 },
    roles: {
      'II.1': 'health_station',
      'II.2': 'officer_ldtbxh',
      'II.3': 'officer_ldtbxh',
      'II.4': 'finance_officer',
      'III.1': 'officer_ldtbxh',
      'III.2': 'health_station',
      'III.3': 'finance_officer',
      'III.4': 'village_head',
    },
    plan: { number: '27/KH-UBND', issued_on: '2025-01-10', issuer: 'ubnd_xa_tan_phu', year: 2025, signer: { role: 'vice_chair_vhxh' } },
  },
];

describe.each(EXPECTED)('importing $file', (x) => {
  it('finds the activities of each section and the responsible role of each, unknowns as TODO', async () => {
    const d = await importPlanDocument(await x.load(), x.file);
    expect(Object.fromEntries(d.summary.sections.map((s) => [s.numeral, s.activities]))).toEqual(x.sections);
    expect(rolesBySource(d.yaml)).toEqual(x.roles);
    expect((parse(d.yaml) as Raw).plan).toMatchObject(x.plan);
    expectAllTodosReported(d);
    const completed = parsePlanFile(completeTodos(d.yaml), 'completed.yaml');
    expect(completed.ok ? [] : completed.errors).toEqual([]);
  });
});

describe('robustness to real documents', () => {
  it('reads the Nghĩa Lộc plan through CRLF, "+" bullets, a stray "- 2 -" and the typo "TỔ CHỨ THỰC HIỆN"', async () => {
    const d = await importPlanDocument(read(FIXTURES, 'nghia-loc-duoi-nuoc-2024.txt'), 'nghia-loc.txt');
    expect(d.summary.removedPageNumbers).toEqual([{ line: 29, text: '- 2 -', glued: false }]);
    expect(d.summary.fixedLabels).toEqual([expect.objectContaining({ readAs: 'organisation', written: 'III. TỔ CHỨ THỰC HIỆN' })]);
    const items = (parse(d.yaml) as Raw).items as Raw[];
    // The "+" bullets of II.2 are two village steps with the dates the document gives ("trước ngày": no later than).
    expect(items.find((i) => i.source === 'II.2')?.steps.map((s: Raw) => [s.assignee, s.fan_out, s.due_by])).toEqual([
      ['village_head', 'villages_all', '2024-05-15'],
      ['village_head', 'villages_all', '2024-05-31'],
    ]);
    expect(items.flatMap((i) => i.steps).find((s: Raw) => /^Ngày thế giới/.test(s.title))).toMatchObject({ event_date: '2024-07-25' });
  });

  it('reads the NFD Tân Lập plan as its NFC text, with "IV-" and a lowercase "iii. giải pháp"', async () => {
    const nfd = read(FIXTURES, 'tan-lap-binh-dang-gioi-2024.txt');
    expect(nfd.toString('utf8')).not.toBe(nfd.toString('utf8').normalize('NFC'));
    const a = await importPlanDocument(nfd, 'tan-lap.txt');
    const b = await importPlanDocument(Buffer.from(nfd.toString('utf8').normalize('NFC')), 'tan-lap.txt');
    expect(a.yaml).toBe(b.yaml);
    expect(a.summary.sections.map((s) => s.kind)).toEqual(['purpose', 'content', 'solutions', 'organisation']);
    // "Công chức văn hóa - xã hội" next to a part for the LĐTB&XH officer is the other one, with the document's title.
    expect(a.yaml).not.toContain('chưa rõ ai chịu trách nhiệm');
    expect((parse(a.yaml) as Raw).roles.officer_culture.title).toBe('Công chức văn hóa - xã hội');
    expect(a.summary.removedPageNumbers).toEqual([expect.objectContaining({ glued: true, text: expect.stringContaining('của 2 Ủy ban') })]);
  });

  it('takes section IV of a .docx from its table and the heading from its two-column table', async () => {
    const d = await importPlanDocument(await tanPhuPlanDocx(), 'tan-phu.docx');
    expect(d.summary.issuer).toBe('UBND xã Tân Phú');
    expect(d.summary.signer).toBe('KT. CHỦ TỊCH / PHÓ CHỦ TỊCH — Trần Văn Bình');
    expect((parse(d.yaml) as Raw).roles.officer_ldtbxh.lead).toBe(true);
  });
});

describe('malformed files give a clear, located error', () => {
  const refused = async (bytes: Uint8Array, file: string) => {
    try {
      await importPlanDocument(bytes, file);
    } catch (err) {
      if (err instanceof PlanImportError) return err;
      throw err;
    }
    throw new Error('imported');
  };
  it('refuses an empty file, a binary file, a truncated .docx, an unknown extension, and a text without sections', async () => {
    expect(await refused(Buffer.alloc(0), 'a.txt')).toMatchObject({ code: 'EMPTY_FILE', line: 1 });
    expect(await refused(Buffer.from('Kế hoạch\nabc\u0000def'), 'a.txt')).toMatchObject({ code: 'NOT_TEXT', line: 2, col: 4 });
    expect(await refused(Buffer.from([0x4b, 0xff, 0xfe, 0x41]), 'a.txt')).toMatchObject({ code: 'NOT_UTF8', line: 1 });
    const docx = await tanPhuPlanDocx();
    expect((await refused(docx.subarray(0, docx.length / 2), 'a.docx')).message).toMatch(
      /^a\.docx:1:1: lỗi: tệp không phải tài liệu Word \.docx đọc được/,
    );
    expect(await refused(docx, 'a.txt')).toMatchObject({ code: 'NOT_TEXT' });
    expect(await refused(Buffer.from('x'), 'a.pdf')).toMatchObject({ code: 'UNKNOWN_EXTENSION' });
    expect(await refused(Buffer.from('KẾ HOẠCH\n\nNội dung không có mục nào.\n'), 'a.txt')).toMatchObject({ code: 'NO_PLAN_STRUCTURE' });
    expect((await refused(Buffer.from('KẾ HOẠCH\n\nI. MỤC ĐÍCH\n\nII. NỘI DUNG\n'), 'a.txt')).message).toMatch(
      /^a\.txt:5:1: lỗi: không thấy nội dung đánh số/,
    );
  });
});
