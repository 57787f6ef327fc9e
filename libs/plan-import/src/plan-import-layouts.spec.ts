import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { isScalar, parse, parseDocument, visit } from 'yaml';
import { binhMinhPlanDocx, hoaBinhPlanDocx } from '../../../test/utils/ke-hoach-docx.js';
import { expandInstances, parsePlanFile, WorkingCalendar } from '#libs/domain/src/index.js';
import { projectRoot } from '#libs/config/src/project-root.js';
import { viLabels } from '#libs/mail/src/index.js';
import {
  comparePlans,
  datesIn,
  importPlanDocument,
  importSummaryLines,
  PlanImportError,
  type ImportLabels,
  type PlanDraft,
} from './index.js';

type Raw = Record<string, any>;
const read = (...p: string[]) => readFileSync(join(projectRoot(), ...p));
const cal = WorkingCalendar.vietnam();

/** What the document says of one activity: who, and the dates of each of its steps. */
interface Fact {
  who: string;
  helpers?: string[];
  steps: Partial<Record<'start' | 'due' | 'due_by' | 'due_lunar' | 'event_date', string>>[] | { recurrence: Raw }[];
}

/** The activities of a draft by their first source, without the items of national event windows. */
function activities(d: PlanDraft): Map<string, Raw[]> {
  const out = new Map<string, Raw[]>();
  for (const it of (parse(d.yaml) as Raw).items as Raw[]) {
    if (it.window) continue;
    const ref = String(it.source).split(';')[0].trim();
    out.set(ref, [...(out.get(ref) ?? []), it]);
  }
  return out;
}

const DATE_KEYS = ['start', 'due', 'due_by', 'due_lunar', 'event_date'] as const;
const datesOf = (st: Raw) =>
  st.recurrence
    ? { recurrence: st.recurrence }
    : Object.fromEntries(DATE_KEYS.filter((k) => st[k] !== undefined && !String(st[k]).startsWith('TODO')).map((k) => [k, String(st[k])]));

/** Every activity once; for each, the party and the dates the document states; the share of activities fully right. */
function expectFacts(d: PlanDraft, expected: Record<string, Fact>) {
  const acts = activities(d);
  expect([...acts.keys()].sort()).toEqual(Object.keys(expected).sort());
  for (const [ref, items] of acts) expect({ ref, items: items.length }).toEqual({ ref, items: 1 });
  let right = 0;
  for (const [ref, f] of Object.entries(expected)) {
    const steps = acts.get(ref)![0].steps as Raw[];
    const got = {
      ref,
      who: steps.map((s) => s.assignee),
      steps: steps.map(datesOf),
      ...(f.helpers ? { helpers: steps[0].helpers ?? [] } : {}),
    };
    const want = { ref, who: steps.map(() => f.who), steps: f.steps, ...(f.helpers ? { helpers: f.helpers } : {}) };
    expect(got).toEqual(want);
    if (JSON.stringify(got) === JSON.stringify(want)) right++;
  }
  expect(right / Object.keys(expected).length).toBeGreaterThanOrEqual(0.95);
  // A TODO never says the document lacks what it states: no party TODO at all, a date TODO only where none is stated.
  const todos = d.summary.todos.filter((t) => /^items\./.test(t.path));
  expect(todos.filter((t) => /assignee/.test(t.path))).toEqual([]);
  for (const t of todos) {
    const ref = /\(([IVX]+\.\d+|PL\.\d+)\)/.exec(t.reason)?.[1];
    expect(ref && (expected[ref]?.steps as Raw[]).some((s) => Object.keys(s).length === 0)).toBe(true);
  }
}

/** Replaces every TODO by a plausible value, as a person completing the draft would. */
function completeTodos(yaml: string): string {
  const doc = parseDocument(yaml);
  let n = 0;
  const year = (doc.toJS() as Raw).plan.year as number;
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.value) || typeof pair.value.value !== 'string' || !pair.value.value.startsWith('TODO')) return;
      const key = String((pair.key as { value: unknown }).value);
      n++;
      const byKey: Record<string, string> = {
        due: `${year}-10-${String(10 + (n % 15)).padStart(2, '0')}`,
        issued_on: `${year}-03-31`,
        rehearsal_start: `${year}-01-05`,
        email: /\{nn\}/.test(pair.value.value) ? 'thon-{nn}@xa.example.org' : `nguoi${n}@xa.example.org`,
        person: `Người số ${n}`,
        name: 'Thôn Một',
        kind: 'office',
        purpose: 'de_biet',
      };
      pair.value.value = byKey[key] ?? `giá trị ${n}`;
    },
  });
  return doc.toString();
}

const none = {};
const BINH_MINH: Record<string, Fact> = {
  'II.1': {
    who: 'radio_station',
    steps: [{ recurrence: { freq: 'monthly', from: '2024-03', to: '2024-12', due: 'last_working_day_of_month' } }],
  },
  'II.2': { who: 'village_head', steps: [{ due_by: '2024-04-30' }] },
  'II.3': { who: 'youth_union', helpers: ['school_heads'], steps: [{ start: '2024-06-01', due: '2024-07-31' }] },
  'II.4': { who: 'health_station', steps: [{ start: '2024-04-01', due_by: '2024-06-30' }] },
  'II.5': { who: 'officer_vhxh', steps: [{ due: '2024-06-01', event_date: '2024-06-01' }] },
  'III.1': { who: 'officer_vhxh', steps: [{ due_by: '2024-12-15' }] },
  'III.2': { who: 'health_station', steps: [{ due_by: '2024-06-30' }] },
  'III.3': { who: 'school_heads', steps: [{ due_by: '2024-05-31' }] },
  'III.4': {
    who: 'village_head',
    steps: [
      { start: '2024-02-01', due_by: '2024-03-31' },
      { start: '2024-04-01', due_by: '2024-06-30' },
      { start: '2024-07-01', due_by: '2024-09-30' },
      { start: '2024-10-01', due_by: '2024-12-31' },
    ],
  },
  'IV.1': { who: 'finance_officer', steps: [{ due_by: '2024-03-15' }] },
};

const HOA_BINH: Record<string, Fact> = {
  'II.1': { who: 'officer_ldtbxh', helpers: ['office_officer'], steps: [{ due_by: '2024-05-15' }] },
  'II.2': { who: 'vice_chair_vhxh', helpers: ['youth_union', 'womens_union'], steps: [{ due: '2024-06-01', event_date: '2024-06-01' }] },
  'II.3': { who: 'youth_union', helpers: ['officer_ldtbxh', 'school_heads'], steps: [{ start: '2024-06-10', due: '2024-06-20' }] },
  'II.4': { who: 'radio_station', steps: [{ start: '2024-06-01', due_by: '2024-06-30' }] },
  'III.1': { who: 'finance_officer', steps: [{ due_by: '2024-05-25' }] },
  'IV.1': { who: 'officer_ldtbxh', steps: [{ due_by: '2024-07-05' }] },
  'IV.2': { who: 'youth_union', steps: [{ start: '2024-06-01', due_by: '2024-06-30' }] },
  'IV.3': { who: 'womens_union', steps: [{ start: '2024-06-01', due_by: '2024-06-30' }] },
  'IV.4': { who: 'village_head', steps: [{ start: '2024-06-01', due_by: '2024-06-30' }] },
  'PL.5': { who: 'village_head', helpers: ['collaborator'], steps: [{ due_by: '2024-05-25' }] },
  'PL.6': { who: 'vice_chair_vhxh', helpers: ['officer_ldtbxh'], steps: [{ start: '2024-06-01', due_by: '2024-06-30' }] },
};

const TAN_THANH: Record<string, Fact> = {
  'II.1': { who: 'dept_vhxh', steps: [{ due_by: '2026-05-15' }] },
  'II.2': {
    who: 'radio_station',
    steps: [{ recurrence: { freq: 'monthly', from: '2026-03', to: '2026-11', due: 'last_working_day_of_month' } }],
  },
  'II.3': {
    who: 'health_station',
    steps: [
      { start: '2026-01-01', due_by: '2026-03-31' },
      { start: '2026-04-01', due_by: '2026-06-30' },
      { start: '2026-07-01', due_by: '2026-09-30' },
      { start: '2026-10-01', due_by: '2026-12-31' },
    ],
  },
  'II.4': { who: 'village_head', steps: [{ due_by: '2026-06-30' }] },
  'II.5': { who: 'youth_union', helpers: ['school_heads'], steps: [{ due_lunar: '08-15' }] },
  'II.6': { who: 'dept_kt', steps: [{ start: '2026-07-01', due_by: '2026-09-30' }] },
  'II.7': { who: 'womens_union', steps: [{ due: '2026-06-28', event_date: '2026-06-28' }] },
  'III.1': { who: 'dept_kt', steps: [{ due_by: '2026-03-31' }] },
  'IV.1': { who: 'dept_vhxh', steps: [{ due_by: '2026-06-15' }, { due_by: '2026-12-15' }] },
  'IV.2': { who: 'police', steps: [none] },
  'IV.3': { who: 'village_head', steps: [{ recurrence: { freq: 'monthly', from: '2026-01', to: '2026-12', due: 10 } }] },
  'IV.4': { who: 'school_heads', steps: [{ start: '2026-09-01', due_by: '2026-09-30' }] },
  'IV.5': { who: 'fatherland_front', steps: [none] },
};

describe('a Word document numbered by Word itself (xã Bình Minh, 2024)', () => {
  it('reads the Roman section list, the activity count across list blocks and its restart, the bold KINH PHÍ heading', async () => {
    const d = await importPlanDocument(await binhMinhPlanDocx(), 'binh-minh.docx');
    expect(d.summary.sections.map((s) => [s.numeral, s.kind, s.activities])).toEqual([
      ['I', 'purpose', 0],
      ['II', 'content', 5],
      ['III', 'organisation', 4],
      ['IV', 'funding', 1],
    ]);
    expectFacts(d, BINH_MINH);
    const plan = parse(d.yaml) as Raw;
    expect(plan.plan).toMatchObject({
      number: '21/KH-UBND',
      issued_on: '2024-02-20',
      issuer: 'ubnd_xa_binh_minh',
      year: 2024,
      signer: { role: 'chairman' },
    });
    // "Công chức Văn hóa - Xã hội" is the commune's one such officer here: a role with the document's title, the lead.
    expect(plan.roles.officer_vhxh).toMatchObject({ title: 'Công chức Văn hóa - Xã hội', lead: true });
    expect(d.yaml).not.toContain('chưa rõ ai chịu trách nhiệm');
  });

  it('dates "trước ngày 30/4" on the last working day on or before it once completed, never past it', async () => {
    const d = await importPlanDocument(await binhMinhPlanDocx(), 'binh-minh.docx');
    const r = parsePlanFile(completeTodos(d.yaml), 'binh-minh.yaml', cal);
    expect(r.ok ? [] : r.errors).toEqual([]);
    const steps = r.ok ? r.plan.items.flatMap((i) => i.steps) : [];
    const deadline = (source: (s: string) => boolean) => {
      const step = steps.find((s) => s.source !== undefined && source(s.source));
      return r.ok && step ? expandInstances(r.plan, cal).find((i) => i.stepId === step.id)?.dueEffective : undefined;
    };
    expect(deadline((s) => s.startsWith('II.2'))).toBe('2024-04-26'); // 27/4–1/5/2024 are days off
    expect(deadline((s) => s === 'III.1')).toBe('2024-12-13'); // 15/12/2024 is a Sunday
  });
});

describe('a Kế hoạch with the appendix table (xã Hòa Bình, 2024)', () => {
  it('merges the rows that repeat an activity, adds the others once, and keeps the unnumbered III. KINH PHÍ', async () => {
    const d = await importPlanDocument(await hoaBinhPlanDocx(), 'hoa-binh.docx');
    expect(d.summary.sections.map((s) => [s.numeral, s.activities])).toEqual([
      ['I', 2],
      ['II', 4],
      ['III', 1],
      ['IV', 4],
    ]);
    expectFacts(d, HOA_BINH);
    const items = (parse(d.yaml) as Raw).items as Raw[];
    expect(items.find((i) => String(i.source).startsWith('II.3'))?.source).toBe('II.3; PL.3');
    // One window for the Action Month, named by two activities.
    expect(items.filter((i) => i.window).map((i) => [i.title, i.window.from, i.window.to])).toEqual([
      ['Tháng hành động vì trẻ em 2024', '2024-06-01', '2024-06-30'],
    ]);
    // No step is a copy of another (the national day is the Lễ phát động itself).
    const titles = items.flatMap((i) => (i.steps as Raw[]).map((s) => `${s.title}|${s.due}`));
    expect(new Set(titles).size).toBe(titles.length);
    const r = parsePlanFile(completeTodos(d.yaml), 'hoa-binh.yaml', cal);
    expect(r.ok ? [] : r.errors).toEqual([]);
  });
});

describe('a Kế hoạch of a two-level commune (xã Tân Thành, Thái Nguyên, 2026)', () => {
  it('reads every activity, with the commune departments, and no district; the Sở Y tế monitors', async () => {
    const file = 'tan-thanh-tre-em-2026.txt';
    const d = await importPlanDocument(read('test', 'fixtures', 'ke-hoach', file), file);
    expectFacts(d, TAN_THANH);
    const plan = parse(d.yaml) as Raw;
    expect(plan.plan).toMatchObject({ number: '18/KH-UBND', issued_on: '2026-01-12', issuer: 'ubnd_xa_tan_thanh', year: 2026 });
    expect(plan.org_units.filter((u: Raw) => u.kind === 'district' || u.kind === 'district_dept')).toEqual([]);
    expect(plan.org_units).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'ubnd_xa_tan_thanh', kind: 'commune', parent: 'tinh_thai_nguyen' }),
        expect.objectContaining({ id: 'so_y_te_thai_nguyen', kind: 'province_dept', name: 'Sở Y tế tỉnh Thái Nguyên' }),
        expect.objectContaining({ id: 'phong_van_hoa_xa_hoi', kind: 'office', parent: 'ubnd_xa_tan_thanh' }),
      ]),
    );
    expect(plan.policies.monitoring_body_by_date).toEqual([{ role: 'province_monitor' }]);
    expect(plan.roles.province_monitor.unit).toBe('so_y_te_thai_nguyen');
    expect(plan.roles.dept_vhxh).toMatchObject({ title: 'Phòng Văn hóa - Xã hội xã', lead: true });
    expect(plan.plan.recipients).toEqual(
      expect.arrayContaining([
        { unit: 'so_y_te_thai_nguyen', purpose: 'bao_cao' },
        { unit: 'phong_van_hoa_xa_hoi', purpose: 'thuc_hien' },
      ]),
    );
    // The two deadlines of IV.1 are two steps, each named by its own clause.
    const iv1 = ((plan.items as Raw[]).find((i) => i.source === 'IV.1')!.steps as Raw[]).map((s) => s.title);
    expect(iv1).toEqual(['tổng hợp báo cáo 6 tháng trước ngày 15/6', 'báo cáo năm trước ngày 15/12']);
    const r = parsePlanFile(completeTodos(d.yaml), file, cal);
    expect(r.ok ? [] : r.errors).toEqual([]);
    // The summary says in Vietnamese what each TODO asks for.
    const lines = importSummaryLines(d.summary, (viLabels() as unknown as { planImport: ImportLabels }).planImport);
    const todoLines = lines.filter((l) => /^ {2}draft\.yaml:\d+:\d+: /.test(l));
    expect(todoLines.length).toBe(d.summary.todoDiagnostics.length);
    expect(todoLines.some((l) => l.endsWith(': TODO ở một bước: văn bản không ghi thời hạn (IV.2) — hãy điền vào'))).toBe(true);
    // No English left in what the officer reads: every TODO reason is the importer's Vietnamese.
    expect(todoLines.filter((l) => /\b(not|the|of|given|found|address|name)\b/.test(l.replace(/^[^:]+:\d+:\d+: /, '')))).toEqual([]);
  });

  it('--compare of a draft with itself minus an item reports the item lost; a doubled item is reported twice', async () => {
    const file = 'tan-thanh-tre-em-2026.txt';
    const d = await importPlanDocument(read('test', 'fixtures', 'ke-hoach', file), file);
    const same = comparePlans(d.yaml, d.yaml);
    expect({ lost: same.lost, twice: same.twice }).toEqual({ lost: [], twice: [] });
    const plan = parse(d.yaml) as Raw;
    const doubled = { ...plan, items: [...plan.items, { ...plan.items[0], id: 'I99' }].filter((i: Raw) => i.source !== 'II.6') };
    const r = comparePlans(JSON.stringify(doubled), d.yaml);
    expect(r.lost).toEqual(['II.6']);
    expect(r.twice).toEqual([{ section: 'II.1', draftIds: ['I01', 'I99'] }]);
  });
});

describe('deadline phrases', () => {
  it('reads the phrases communes write', () => {
    expect(datesIn('chậm nhất ngày 15 tháng 12 năm 2024', 2024)).toEqual([expect.objectContaining({ dueBy: '2024-12-15' })]);
    expect(datesIn('từ ngày 25/12 đến ngày 10/01/2025', 2024)).toEqual([
      expect.objectContaining({ start: '2024-12-25', due: '2025-01-10' }),
    ]);
    expect(datesIn('trong 6 tháng cuối năm', 2024)).toEqual([expect.objectContaining({ start: '2024-07-01', dueBy: '2024-12-31' })]);
    expect(datesIn('hằng quý, từ tháng 4 đến tháng 9', 2024).map((f) => f.dueBy)).toEqual(['2024-06-30', '2024-09-30']);
    expect(datesIn('trước ngày 31/2', 2024)).toEqual([]);
  });
});

describe('a file that is not a plan', () => {
  const refused = async (bytes: Uint8Array, file: string) => {
    try {
      await importPlanDocument(bytes, file);
    } catch (err) {
      if (err instanceof PlanImportError) return err.code;
      throw err;
    }
    throw new Error('imported');
  };
  it('is refused with a code the Vietnamese message is chosen by: random bytes, a scanned PDF, an empty document, 50 MB', async () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect(await refused(random, 'ke-hoach.docx')).toBe('NOT_DOCX');
    expect(await refused(random, 'ke-hoach.txt')).toBe('NOT_TEXT');
    expect(
      await refused(Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj <</Type /XObject /Subtype /Image>>\n'), random]), 'ke-hoach-scan.pdf'),
    ).toBe('UNKNOWN_EXTENSION');
    const emptyDocx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('')] }] }));
    expect(await refused(emptyDocx, 'trong.docx')).toBe('EMPTY_FILE');
    expect(await refused(Buffer.alloc(50 * 1024 * 1024, 0x41), 'lon.txt')).toBe('TOO_BIG');
    const labels = JSON.parse(read('libs', 'mail', 'templates', 'vi.json').toString('utf8')).planImport.errors as Record<string, string>;
    for (const code of ['NOT_DOCX', 'NOT_TEXT', 'UNKNOWN_EXTENSION', 'EMPTY_FILE', 'TOO_BIG']) expect(labels[code]).toMatch(/tệp/);
  });
});
