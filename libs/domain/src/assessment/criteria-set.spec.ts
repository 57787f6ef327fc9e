import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { QD_06_2019 } from './criteria/qd-06-2019.js';
import { formatCriteriaDiagnostic, parseCriteriaSet, type CriteriaSetParseResult } from './criteria-file.js';
import { checkCriteriaSet, defineCriteriaSet, type CriteriaSet } from './criteria-set.js';
import { CRITERIA_SETS, DEFAULT_CRITERIA_SET, getCriteriaSet, indicatorsOf } from './registry.js';

const clone = (): CriteriaSet => structuredClone(QD_06_2019) as CriteriaSet;
const mutable = (s: CriteriaSet) =>
  s as unknown as {
    criteria: {
      maxPoints: number;
      no: number;
      indicators: { id: string; unit: string; maxPoints: number; thresholds: Record<string, unknown>[] }[];
    }[];
    maxTotal: number;
    passMarks: Record<string, number>;
  };
const errorsOf = (r: CriteriaSetParseResult) => {
  if (r.ok) throw new Error('expected errors, the set parsed');
  return r.errors;
};
/** 1-based line and column of the first occurrence of `needle` after the line containing `after`. */
const whereIs = (text: string, needle: string, after = '') => {
  const lines = text.split('\n');
  const start = after ? lines.findIndex((l) => l.includes(after)) : 0;
  const line = lines.findIndex((l, i) => i >= start && l.includes(needle));
  if (line < 0) throw new Error(`"${needle}" not in the text`);
  return { line: line + 1, col: lines[line].indexOf(needle) + 1 };
};

describe('QĐ 06/QĐ-TTg 2019 as data', () => {
  const set = QD_06_2019;

  it('is the default set and is shipped', () => {
    expect(DEFAULT_CRITERIA_SET).toBe(set.id);
    expect(getCriteriaSet(DEFAULT_CRITERIA_SET)).toBe(set);
    expect(CRITERIA_SETS).toContain(set);
    expect(set.decision).toMatchObject({ ref: '06/QĐ-TTg', date: '2019-01-03' });
  });

  it('has 13 criteria numbered in order, each with at least one indicator, unique indicator ids under their criterion', () => {
    expect(set.criteria.map((c) => c.no)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    for (const c of set.criteria) {
      expect(c.indicators.length).toBeGreaterThanOrEqual(1);
      for (const i of c.indicators) expect(i.id.startsWith(`${c.no}.`)).toBe(true);
    }
    const ids = indicatorsOf(set).map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('adds up: indicators to their criterion, criteria to 1000', () => {
    for (const c of set.criteria) expect(c.indicators.reduce((s, i) => s + i.maxPoints, 0)).toBe(c.maxPoints);
    expect(set.criteria.reduce((s, c) => s + c.maxPoints, 0)).toBe(set.maxTotal);
    expect(set.maxTotal).toBe(1000);
  });

  it('keeps the figures the sources confirm', () => {
    expect(set.passMarks).toEqual({ ordinary: 850, difficult: 800, urban_ward: 900 });
    const c = (no: number) => set.criteria[no - 1];
    expect(c(1).maxPoints).toBe(100);
    expect(
      c(1)
        .indicators.slice(0, 3)
        .map((i) => i.maxPoints),
    ).toEqual([50, 15, 15]);
    expect(c(6).maxPoints).toBe(125);
    expect(c(6).indicators.map((i) => [i.maxPoints, i.thresholds[0]])).toEqual([
      [50, { min: 95, points: 50 }],
      [75, { min: 100, points: 75 }],
    ]);
    expect(c(6).indicators[1].thresholds).toHaveLength(1); // 75 points only at 100%
    expect(c(7).maxPoints).toBe(50);
    expect(c(7).indicators[0].thresholds[0]).toEqual({ min: 98, points: 50 });
    expect(set.assessment).toMatchObject({ month: 11, planYears: [2, 4] });
  });

  it('marks every assumed figure for verification, with a note saying what is uncertain', () => {
    const flagged = indicatorsOf(set).filter((i) => i.verify);
    expect(flagged.length).toBeGreaterThan(0);
    for (const i of flagged) expect(i.note?.length).toBeGreaterThan(20);
    for (const c of set.criteria.filter((x) => x.verify)) expect(c.note).toMatch(/assumed/);
    // the confirmed criteria are not marked as assumed at criterion level
    expect(set.criteria.filter((c) => !c.verify).map((c) => c.no)).toEqual([1, 6, 7]);
  });

  it('passes its own checks and is frozen', () => {
    expect(checkCriteriaSet(set)).toEqual([]);
    expect(Object.isFrozen(set.criteria[0].indicators[0].thresholds[0])).toBe(true);
  });

  it('refuses an unknown set id with the known ones', () => {
    expect(() => getCriteriaSet('qd-99-2030')).toThrow(/qd-06-2019/);
  });
});

describe('checkCriteriaSet: the rules a set must keep', () => {
  const problemsAfter = (edit: (s: ReturnType<typeof mutable>) => void) => {
    const s = clone();
    edit(mutable(s));
    return checkCriteriaSet(s);
  };

  it('refuses indicators that do not add up to their criterion, and criteria that do not add up to the total', () => {
    const ps = problemsAfter((s) => {
      s.criteria[1].maxPoints += 10;
    });
    expect(ps.map((p) => p.path)).toEqual(['criteria.1.maxPoints', 'maxTotal']);
    expect(ps[0].message).toMatch(/indicators add up to/);
  });

  it('refuses a threshold table out of order, or one whose best line is not the maximum', () => {
    const seven = (s: ReturnType<typeof mutable>) => s.criteria[6].indicators[0].thresholds;
    expect(problemsAfter((s) => (seven(s)[1].min = 99)).map((p) => p.path)).toEqual(['criteria.6.indicators.0.thresholds.1.min']);
    expect(problemsAfter((s) => (seven(s)[1].points = 50))[0].message).toMatch(/fewer points/);
    expect(problemsAfter((s) => (seven(s)[0].points = 45))[0].path).toBe('criteria.6.indicators.0.thresholds.0.points');
    expect(problemsAfter((s) => (seven(s)[1] = { max: 5, points: 40 }))[0].message).toMatch(/mixes min and max/);
    expect(problemsAfter((s) => (seven(s)[0] = { min: 101, points: 50 }))[0].message).toMatch(/from 0 to 100/);
  });

  it('refuses a yes/no indicator whose "yes" is not the maximum, and an id under the wrong criterion', () => {
    expect(problemsAfter((s) => (s.criteria[0].indicators[0].thresholds[0].points = 40))[0].path).toBe(
      'criteria.0.indicators.0.thresholds.0.points',
    );
    expect(problemsAfter((s) => (s.criteria[0].indicators[0].id = '2.9'))[0].message).toMatch(/must start with "1\."/);
  });

  it('refuses a pass mark above the total; defineCriteriaSet throws with every problem', () => {
    expect(problemsAfter((s) => (s.passMarks.urban_ward = 1001))[0].path).toBe('passMarks.urban_ward');
    const s = clone();
    mutable(s).criteria[2].no = 9;
    expect(() => defineCriteriaSet(s)).toThrow(/criteria\.2\.no: criterion 9 is at position 3/);
  });
});

describe('parseCriteriaSet: a replacement decision as a YAML file', () => {
  const text = stringify(clone());

  it('reads a whole set written as YAML to the same set', () => {
    const r = parseCriteriaSet(text, 'qd.yaml');
    if (!r.ok) throw new Error(r.errors.map(formatCriteriaDiagnostic).join('\n'));
    expect(r.set).toEqual(clone());
  });

  it('locates an unknown key, with a suggestion', () => {
    const bad = text.replace('maxPoints: 125', 'maxPoint: 125');
    const errors = errorsOf(parseCriteriaSet(bad, 'qd.yaml'));
    expect(errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/thiếu khóa bắt buộc "maxPoints"/),
        line: whereIs(bad, 'key: special_circumstances').line - 1,
      }),
      {
        file: 'qd.yaml',
        ...whereIs(bad, 'maxPoint: 125'),
        message: 'khóa "maxPoint" không dùng được ở "criteria"; có phải là "maxPoints"?',
      },
    ]);
  });

  it('locates a wrong unit and a wrong type', () => {
    const bad = text.replace('unit: yes_no', 'unit: yesno').replace('maxTotal: 1000', 'maxTotal: "many"');
    const errors = errorsOf(parseCriteriaSet(bad, 'qd.yaml'));
    const unitAt = whereIs(bad, 'yesno');
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          line: unitAt.line,
          col: unitAt.col,
          message: expect.stringMatching(/"yesno" không phải là một trong.*có phải là "yes_no"/),
        }),
        expect.objectContaining({ ...whereIs(bad, '"many"'), message: expect.stringMatching(/phải là một số nguyên/) }),
      ]),
    );
  });

  it('locates a broken rule of the set at the value that breaks it', () => {
    const bad = text.replace('maxPoints: 125', 'maxPoints: 130');
    const errors = errorsOf(parseCriteriaSet(bad, 'qd.yaml'));
    expect(errors.map((e) => [e.line, e.col])).toEqual([
      [whereIs(bad, 'maxTotal: 1000').line, whereIs(bad, '1000').col],
      [whereIs(bad, '130').line, whereIs(bad, '130').col],
    ]);
    expect(errors[0].message).toBe('maxTotal is 1000 but the criteria add up to 1005');
    expect(formatCriteriaDiagnostic(errors[1])).toMatch(
      /^qd\.yaml:\d+:\d+: error: criterion 6 has maxPoints 130 but its indicators add up to 125$/,
    );
  });

  it('reports YAML syntax errors and duplicate keys with their place, and refuses what is not text', () => {
    const broken = errorsOf(parseCriteriaSet('id: x\ncriteria: [1, 2\n', 'b.yaml'));
    expect(broken[0].line).toBeGreaterThanOrEqual(2);
    const dup = 'id: a\nid: b\n';
    expect(errorsOf(parseCriteriaSet(dup, 'd.yaml'))[0]).toMatchObject({ line: 2, message: expect.stringMatching(/unique/) });
    expect(errorsOf(parseCriteriaSet(42 as unknown as string))[0].message).toMatch(/not text/);
  });
});
