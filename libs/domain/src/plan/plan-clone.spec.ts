import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isScalar, parseDocument, visit } from 'yaml';
import { projectRoot } from '../../../config/src/project-root.js';
import { WorkingCalendar } from '../calendar/index.js';
import { anchorEventDate } from './plan-anchors.js';
import { clonePlan, lunarYearName, rewriteYearText } from './plan-clone.js';
import { parsePlanFile, resolveLunar } from './plan-file.js';
import { expandInstances } from './expand-instances.js';

const cal = WorkingCalendar.vietnam();
const SEED = readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8');

/** Every string value of a YAML text, with its key. */
function strings(text: string): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  visit(parseDocument(text, { version: '1.2' }), {
    Pair(_, pair) {
      if (isScalar(pair.value) && typeof pair.value.value === 'string')
        out.push({ key: String((pair.key as { value: unknown }).value), value: pair.value.value });
    },
  });
  return out;
}

/** The clone with its TODOs filled in by a person (each replaced by the text it flags, minus the old year). */
const filled = (text: string) => text.replace(/"TODO: [^"]*"/g, '"điền bởi người"');

function cloneOf(year: number, start?: string) {
  const r = clonePlan(SEED, 'ha-giang-2023.yaml', start, cal, start ? {} : { toYear: year });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  // A clone into the year of the reform (2025) still needs a hand for the units; the dates are read as written.
  const raw = parseDocument(filled(r.text), { version: '1.2' }).toJS() as {
    plan: { year: number };
    items: { steps: Record<string, string>[] }[];
  };
  const due = (id: string) => {
    const s = raw.items.flatMap((i) => i.steps).find((x) => x.id === id)!;
    return cal.roll(s.due ?? resolveLunar(s.due_lunar, year)!);
  };
  return { r, plan: raw.plan, due };
}

describe('due anchors', () => {
  it('dates the events of a year: 15/8 lunar, the first day of the Tết break, the last working day on or before a day', () => {
    expect(anchorEventDate('mid_autumn', 2023, cal)).toBe('2023-09-29');
    expect(anchorEventDate('mid_autumn', 2026, cal)).toBe('2026-09-25');
    expect(anchorEventDate('tet_break_start', 2023, cal)).toBe('2024-02-08');
    expect(anchorEventDate('tet_break_start', 2025, cal)).toBe('2026-02-14');
    expect(cal.rollBack('2026-11-30')).toBe('2026-11-30');
    expect(cal.rollBack('2025-11-30')).toBe('2025-11-28');
  });

  it('agree with every date of the seed plan in 2023 (no warning about an anchor) and refuse two kinds at once', () => {
    const r = parsePlanFile(SEED, 'seed.yaml', cal);
    expect(r.ok).toBe(true);
    expect(r.warnings.filter((w) => /due_anchor/.test(w.message))).toEqual([]);
    expect(SEED.match(/due_anchor:/g)?.length).toBeGreaterThanOrEqual(25);
    const bad = parsePlanFile(
      SEED.replace('due_anchor: {step: I08.2, offset_wd: 5}', 'due_anchor: {step: I08.9, offset_wd: 5}').replace(
        'due_anchor: {event: children_day}',
        'due_anchor: {event: children_day, day: "06-01"}',
      ),
      'bad.yaml',
      cal,
    );
    expect(bad.ok ? [] : bad.errors.map((e) => e.message)).toEqual([
      expect.stringContaining('cần đúng một trong event, step hoặc day'),
      expect.stringContaining('bước "I08.9" không có trong kế hoạch'),
    ]);
  });

  it('a due_by date is the last working day on or before it, never rolled past', () => {
    const text = SEED.replace('due: 2023-12-29, approval: vice_chair_kt', 'due_by: 2023-12-31, approval: vice_chair_kt');
    const r = parsePlanFile(text, 'by.yaml', cal);
    expect(r.ok && expandInstances(r.plan, cal).find((s) => s.stepId === 'I14.1')?.dueEffective).toBe('2023-12-29');
  });
});

describe('plan clone to another year', () => {
  it.each([2024, 2025, 2026])('puts every step of the seed plan in its season in %i', (year) => {
    const { due, plan } = cloneOf(year);
    expect(plan.year).toBe(year);
    // The Action Month steps in May–July.
    for (const id of ['I07.1', 'I07.2', 'I07.3', 'I07.4', 'I03.2', 'I06.1', 'I06.2']) expect(due(id).slice(5, 7)).toMatch(/^0[567]$/);
    expect(due('I07.3')).toBe(cal.roll(`${year}-06-01`));
    // The Forum's recommendations after the Forum, the delegates chosen before it.
    expect(due('I08.3') > due('I08.2')).toBe(true);
    expect(due('I08.1') < due('I08.2')).toBe(true);
    // Trung thu: preparation before 15/8 lunar, report after.
    const midAutumn = resolveLunar('08-15', year)!;
    for (const id of ['I09.1', 'I09.2', 'I09.3']) expect(due(id) < midAutumn).toBe(true);
    expect(due('I09.5') > midAutumn).toBe(true);
    // Tết gifts on a working day before the Tết break that ends the lunar year.
    const tetBreak = anchorEventDate('tet_break_start', year, cal)!;
    expect(due('I10.2') < tetBreak).toBe(true);
    expect(cal.workingDaysBetween(due('I10.2'), tetBreak)).toBeLessThanOrEqual(1);
    // The yearly report in December, the accounts before the year ends.
    expect(due('I13.2').slice(0, 7)).toBe(`${year}-12`);
    expect(due('I14.1').slice(0, 7)).toBe(`${year}-12`);
  });

  it('re-dates by the anchors with --start too: a clone starting 01/01/2026 keeps the seasons', () => {
    const { due } = cloneOf(2026, '2026-01-01');
    expect(due('I07.1').slice(0, 7)).toBe('2026-05');
    expect(due('I07.4').slice(0, 7)).toBe('2026-07');
    expect(due('I08.3') > due('I08.2')).toBe(true);
    expect(due('I09.1') < resolveLunar('08-15', 2026)!).toBe(true);
    expect(due('I13.2').slice(0, 7)).toBe('2026-12');
  });

  it.each([2024, 2025, 2026])('rewrites or flags every text of 2023 in the %i clone', (year) => {
    const { r } = cloneOf(year);
    const old = [2022, 2023, 2024].filter((y) => Math.abs(y - year) > 1);
    const oldNames = [2022, 2023, 2024].filter((y) => y !== year - 1 && y !== year && y !== year + 1).map(lunarYearName);
    const unflagged = strings(r.text).filter(
      ({ value }) =>
        !/^TODO\b/.test(value) &&
        !/^\d{4}-\d{2}(-\d{2})?$/.test(value) &&
        (old.some((y) => new RegExp(`(?<!\\d)${y}(?!\\d)`).test(value)) || oldNames.some((n) => value.includes(n))),
    );
    expect(unflagged).toEqual([]);
    const titles = Object.fromEntries(
      strings(r.text)
        .filter((s) => s.key === 'title')
        .map((s) => [s.value.slice(0, 14), s.value]),
    );
    const midAutumn = resolveLunar('08-15', year)!;
    expect(titles['Tết Trung thu ']).toBe(
      `Tết Trung thu ${year} (15/8 âm lịch = ${Number(midAutumn.slice(8))}/${Number(midAutumn.slice(5, 7))}/${year})`,
    );
    expect(r.text).toContain(`Thăm, tặng quà Tết ${lunarYearName(year + 1)} cho trẻ em có HCĐB`);
    // The year's theme and the legal bases of 2023 are left for a person.
    expect(r.text).toMatch(/theme: "TODO: chủ đề của năm/);
    expect(r.text).toMatch(/ref: "TODO: căn cứ của năm 2023: thay bằng văn bản của năm \d{4} \(năm trước: Kế hoạch 73\/KH-UBND/);
    expect(r.text).toContain('{ref: "Luật Trẻ em 2016 (102/2016/QH13)"');
  });

  it('computes the text of a year: lunar equations, lunar year names, years near the plan year', () => {
    expect(rewriteYearText('Tết Trung thu 2023 (15/8 âm lịch = 29/9/2023)', 2023, 2025)).toBe(
      'Tết Trung thu 2025 (15/8 âm lịch = 6/10/2025)',
    );
    expect(rewriteYearText('Tết Giáp Thìn, chốt số liệu 15/12/2022-14/6/2023', 2023, 2026)).toBe(
      'Tết Đinh Mùi, chốt số liệu 15/12/2025-14/6/2026',
    );
    expect(rewriteYearText('Luật Trẻ em 2016', 2023, 2026)).toBe('Luật Trẻ em 2016');
  });
});
