import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import { QD_06_2019 } from './criteria/qd-06-2019.js';
import { defineCriteriaSet, type CommuneClass, type Indicator } from './criteria-set.js';
import { indicatorsOf } from './registry.js';
import {
  assessmentDeadline,
  assessmentYearWarning,
  compareAssessments,
  indicatorPoints,
  isAssessmentYear,
  nextAssessmentYear,
  planPeriodYear,
  scoreAssessment,
  unconfirmedCriteria,
  validateValues,
  verdictText,
  type AssessmentValues,
} from './scoring.js';

const set = QD_06_2019;
const indicators = indicatorsOf(set);
const byId = (id: string) => indicators.find((i) => i.id === id)!;
const higherIsBetter = (ind: Indicator) => ind.thresholds[0].min !== undefined;

/** The value that earns each line of an indicator's table (its bound), best first, then one that earns nothing. */
function ladder(ind: Indicator): { value: number | boolean; points: number }[] {
  if (ind.unit === 'yes_no')
    return [
      { value: true, points: ind.maxPoints },
      { value: false, points: ind.thresholds.find((r) => r.when === false)?.points ?? 0 },
    ];
  const rungs = ind.thresholds.map((r) => ({ value: (r.min ?? r.max) as number, points: r.points }));
  const last = rungs[rungs.length - 1].value;
  const worst = higherIsBetter(ind) ? 0 : ind.unit === '%' ? 100 : last + 1000;
  return [...rungs, { value: worst, points: indicatorPoints(ind, worst) }];
}
const step = (ind: Indicator) => (ind.unit === 'count' || ind.unit === 'level' ? 1 : 0.1);
const best = (): AssessmentValues => Object.fromEntries(indicators.map((i) => [i.id, ladder(i)[0].value]));

/**
 * Values giving exactly `total` points with no criterion at 0, found from the tables (a depth-first search over the
 * lines of each indicator's table), so the tests do not depend on the figures of the set.
 */
function valuesTotalling(total: number): AssessmentValues {
  const options = indicators.map((ind) => ladder(ind));
  const criterionOfIdx = indicators.map((i) => Number(i.id.split('.')[0]));
  const chosen: number[] = [];
  const maxRest = options.map((_, k) => options.slice(k).reduce((s, o) => s + o[0].points, 0));
  const search = (k: number, sum: number, critSum: Map<number, number>): boolean => {
    if (k === options.length) return sum === total && [...critSum.values()].every((v) => v > 0);
    if (sum + maxRest[k] < total) return false;
    const c = criterionOfIdx[k];
    const lastOfCriterion = criterionOfIdx[k + 1] !== c;
    for (let o = 0; o < options[k].length; o++) {
      const p = options[k][o].points;
      if (sum + p > total) continue;
      const cs = (critSum.get(c) ?? 0) + p;
      if (lastOfCriterion && cs === 0) continue;
      chosen[k] = o;
      if (search(k + 1, sum + p, new Map(critSum).set(c, cs))) return true;
    }
    return false;
  };
  if (!search(0, 0, new Map())) throw new Error(`no combination of the tables gives ${total}`);
  return Object.fromEntries(indicators.map((ind, k) => [ind.id, options[k][chosen[k]].value]));
}

describe('indicatorPoints: the threshold tables', () => {
  it.each(indicators.map((i) => [i.id, i] as const))('%s: the best value earns the maximum, no value earns 0', (_, ind) => {
    expect(indicatorPoints(ind, ladder(ind)[0].value)).toBe(ind.maxPoints);
    expect(indicatorPoints(ind, null)).toBe(0);
  });

  it.each(indicators.filter((i) => i.unit !== 'yes_no').map((i) => [i.id, i] as const))(
    '%s: each bound earns its line; just past it on the worse side earns less',
    (_, ind) => {
      const dir = higherIsBetter(ind) ? -1 : 1;
      for (const r of ind.thresholds) {
        const bound = (r.min ?? r.max) as number;
        expect(indicatorPoints(ind, bound)).toBe(r.points);
        const past = bound + dir * step(ind);
        if (past >= 0) expect(indicatorPoints(ind, past)).toBeLessThan(r.points);
        const better = bound - dir * step(ind);
        if (better >= 0 && (ind.unit !== '%' || better <= 100)) expect(indicatorPoints(ind, better)).toBeGreaterThanOrEqual(r.points);
      }
    },
  );

  it.each(indicators.filter((i) => i.unit !== 'yes_no').map((i) => [i.id, i] as const))(
    '%s: points never rise as the value gets worse',
    (_, ind) => {
      const top = ind.unit === '%' ? 100 : Math.max(...ind.thresholds.map((r) => (r.min ?? r.max) as number)) * 2 + 5;
      const values = Array.from({ length: 401 }, (_, k) => (top * k) / 400).map((v) =>
        ind.unit === 'count' || ind.unit === 'level' ? Math.round(v) : v,
      );
      const ordered = higherIsBetter(ind) ? [...values].reverse() : values; // from best to worst
      const points = ordered.map((v) => indicatorPoints(ind, v));
      points.forEach((p, k) => k > 0 && expect(p).toBeLessThanOrEqual(points[k - 1]));
      expect(points[0]).toBe(ind.maxPoints);
    },
  );

  it('keeps the confirmed brackets: 7.1 at 98%, 6.1 at 95%, 6.2 only at 100%', () => {
    expect([98, 97.9].map((v) => indicatorPoints(byId('7.1'), v))).toEqual([50, byId('7.1').thresholds[1].points]);
    expect(indicatorPoints(byId('7.1'), 97.9)).toBeLessThan(50);
    expect(indicatorPoints(byId('6.1'), 95)).toBe(50);
    expect(indicatorPoints(byId('6.1'), 94.9)).toBeLessThan(50);
    expect([100, 99.9, 0].map((v) => indicatorPoints(byId('6.2'), v))).toEqual([75, 0, 0]);
  });

  it('gives a yes/no indicator its points for yes only', () => {
    expect([true, false].map((v) => indicatorPoints(byId('1.1'), v))).toEqual([byId('1.1').maxPoints, 0]);
  });

  it('refuses a value of the wrong kind', () => {
    expect(() => indicatorPoints(byId('1.1'), 1)).toThrow(DomainError);
    expect(() => indicatorPoints(byId('7.1'), true)).toThrow(/cần một số/);
  });
});

describe('scoreAssessment', () => {
  it('scores the best values at the maximum and passes in every class', () => {
    for (const cls of ['ordinary', 'difficult', 'urban_ward'] as CommuneClass[]) {
      const s = scoreAssessment(set, cls, best());
      expect(s).toMatchObject({
        total: set.maxTotal,
        maxTotal: 1000,
        passed: true,
        zeroCriteria: [],
        missingIndicators: [],
        reasons: [],
        passMark: set.passMarks[cls],
      });
      expect(s.criteria.map((c) => c.points)).toEqual(set.criteria.map((c) => c.maxPoints));
    }
  });

  it('fails when one criterion is at 0, even with a total above the pass mark', () => {
    const values = { ...best(), ...Object.fromEntries(set.criteria[5].indicators.map((i) => [i.id, ladder(i).at(-1)!.value])) };
    const s = scoreAssessment(set, 'ordinary', values);
    expect(s.total).toBe(set.maxTotal - set.criteria[5].maxPoints);
    expect(s.total).toBeGreaterThanOrEqual(set.passMarks.ordinary);
    expect(s).toMatchObject({ passed: false, zeroCriteria: [6], missingIndicators: [] });
    expect(s.criteria[5]).toMatchObject({ no: 6, points: 0, zero: true });
    expect(s.reasons).toEqual([`Tiêu chí 6 (${set.criteria[5].title}) đạt 0 điểm`]);
  });

  it('applies the three pass marks: 820 passes a difficult commune only', () => {
    const values = valuesTotalling(820);
    const results = Object.fromEntries(
      (['ordinary', 'difficult', 'urban_ward'] as CommuneClass[]).map((c) => [c, scoreAssessment(set, c, values)]),
    );
    expect(results.difficult).toMatchObject({ total: 820, passed: true, zeroCriteria: [] });
    expect(results.ordinary).toMatchObject({
      total: 820,
      passed: false,
      reasons: [`Tổng 820 < 850 điểm (mức đạt của ${set.classLabels.ordinary})`],
    });
    expect(results.urban_ward).toMatchObject({ passed: false, reasons: [expect.stringMatching(/^Tổng 820 < 900 điểm/)] });
  });

  it('passes at the pass mark itself and fails one step below it', () => {
    expect(scoreAssessment(set, 'ordinary', valuesTotalling(850))).toMatchObject({ total: 850, passed: true });
    expect(scoreAssessment(set, 'ordinary', valuesTotalling(845))).toMatchObject({ total: 845, passed: false });
    expect(scoreAssessment(set, 'urban_ward', valuesTotalling(900))).toMatchObject({ passed: true });
    expect(scoreAssessment(set, 'difficult', valuesTotalling(795))).toMatchObject({ passed: false });
  });

  it('scores unknown values 0 and lists them as missing', () => {
    const values = best();
    delete values['7.1'];
    values['9.1'] = null;
    const s = scoreAssessment(set, 'difficult', values);
    expect(s.missingIndicators).toEqual(['7.1', '9.1']);
    expect(s.zeroCriteria).toEqual([7, 9]);
    expect(s.criteria[6].indicators[0]).toMatchObject({ id: '7.1', value: null, points: 0, missing: true });
    expect(s.reasons.at(-1)).toBe('Chưa có số liệu 2 chỉ số (tính 0 điểm): 7.1, 9.1');

    const empty = scoreAssessment(set, 'ordinary', {});
    expect(empty).toMatchObject({ total: 0, passed: false });
    expect(empty.zeroCriteria).toHaveLength(set.criteria.length);
    expect(empty.missingIndicators).toEqual(indicators.map((i) => i.id));
  });

  it('refuses invalid values and an unknown commune class with a VALIDATION_FAILED error naming the indicator', () => {
    const err = (() => {
      try {
        scoreAssessment(set, 'ordinary', { ...best(), '7.1': 120 });
      } catch (e) {
        return e as DomainError;
      }
    })();
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', details: { '7.1': expect.stringMatching(/từ 0 đến 100/) } });
    expect(() => scoreAssessment(set, 'city' as CommuneClass, best())).toThrow(/Loại xã không hợp lệ "city"/);
  });
});

describe('validateValues: messages for an HTTP 400', () => {
  it('names each problem by indicator, in Vietnamese', () => {
    const problems = validateValues(set, { '6.3': 10, '7.1': 101, '1.1': 1, '4.2': 1.5, '3.1': -1, '9.1': '90', '2.1': null });
    expect(Object.fromEntries(problems.map((p) => [p.indicatorId, p.message]))).toEqual({
      '6.3': expect.stringMatching(/^Không có chỉ số "6\.3" trong bộ tiêu chí theo 06\/QĐ-TTg; có phải "\d+\.\d+"\?$/),
      '7.1': 'Chỉ số 7.1 là tỷ lệ phần trăm, phải từ 0 đến 100 (nhận 101)',
      '1.1': 'Chỉ số 1.1 cần giá trị có/không (true hoặc false)',
      '4.2': 'Chỉ số 4.2 là số đếm, phải là số nguyên không âm (nhận 1.5)',
      '3.1': 'Chỉ số 3.1 là tỷ suất trên 1.000 trẻ em, không được âm (nhận -1)',
      '9.1': 'Chỉ số 9.1 cần một số',
    });
  });

  it('accepts good values and refuses what is not a table', () => {
    expect(validateValues(set, best())).toEqual([]);
    expect(validateValues(set, [1, 2])).toEqual([{ indicatorId: '', message: expect.stringMatching(/phải là một bảng/) }]);
    expect(validateValues(set, null)).toHaveLength(1);
  });
});

describe('compareAssessments', () => {
  const withZero6 = { ...best(), '6.1': 0, '6.2': 0 };

  it('shows the change of the total and of each criterion, and which criteria recovered', () => {
    const before = scoreAssessment(set, 'ordinary', withZero6);
    const after = scoreAssessment(set, 'ordinary', best());
    const cmp = compareAssessments(before, after);
    expect(cmp.total).toEqual({ before: before.total, after: after.total, delta: after.total - before.total });
    expect(cmp.criteria).toHaveLength(13);
    expect(cmp.criteria.filter((c) => c.delta !== 0)).toEqual([
      { no: 6, before: 0, after: set.criteria[5].maxPoints, delta: set.criteria[5].maxPoints },
    ]);
    expect(cmp).toMatchObject({ recovered: [6], newlyZero: [], passedBefore: false, passedAfter: true });
    expect(compareAssessments(after, before)).toMatchObject({
      recovered: [],
      newlyZero: [6],
      total: { delta: -set.criteria[5].maxPoints },
    });
  });

  it('compares across sets by criterion number (a replacement decision), null where one side has no such criterion', () => {
    const before = scoreAssessment(set, 'ordinary', best());
    const after = { ...before, setId: 'other', criteria: before.criteria.slice(0, 12) };
    const cmp = compareAssessments(before, after);
    expect(cmp.criteria.at(-1)).toEqual({ no: 13, before: set.criteria[12].maxPoints, after: null, delta: null });
  });
});

describe('assessment years (November of the 2nd and 4th year of the five-year plan)', () => {
  it('knows the assessment years of the 2021–2025 and 2026–2030 plans', () => {
    const years = Array.from({ length: 10 }, (_, k) => 2021 + k);
    expect(years.filter((y) => isAssessmentYear(set, y))).toEqual([2022, 2024, 2027, 2029]);
    expect(isAssessmentYear(set, 2023)).toBe(false);
    expect(years.map((y) => planPeriodYear(set, y))).toEqual([1, 2, 3, 4, 5, 1, 2, 3, 4, 5]);
  });

  it('does not assess before the decision', () => {
    expect(isAssessmentYear(set, 2017)).toBe(false);
    expect(isAssessmentYear(set, 2019)).toBe(true); // the 4th year of 2016–2020
  });

  it('gives the deadline, the last day of November, and refuses a year without an assessment', () => {
    expect(assessmentDeadline(set, 2024)).toBe('2024-11-30');
    expect(assessmentDeadline(set, 2027)).toBe('2027-11-30');
    expect(nextAssessmentYear(set, 2023)).toBe(2024);
    expect(nextAssessmentYear(set, 2025)).toBe(2027);
    expect(() => assessmentDeadline(set, 2023)).toThrow(/Năm 2023 không phải năm đánh giá.*2024/);
    expect(() => isAssessmentYear(set, 2023.5)).toThrow(DomainError);
  });
});

describe('tạm tính: a verdict on points not confirmed from the decision is provisional', () => {
  it('names the criteria of the shipped set whose points are unconfirmed (every criterion has a `verify` part)', () => {
    const expected = set.criteria.filter((c) => c.verify || c.indicators.some((i) => i.verify)).map((c) => c.no);
    expect(expected.length).toBeGreaterThan(0);
    expect(unconfirmedCriteria(set)).toEqual(expected);
    const score = scoreAssessment(set, 'ordinary', best());
    expect(score).toMatchObject({ passed: true, provisional: true, unconfirmedCriteria: expected });
    expect(verdictText(score)).toBe(`Tạm tính: đạt (điểm của tiêu chí ${expected.join(', ')} chưa được xác nhận từ văn bản Quyết định)`);
  });

  it('says "Đạt" / "Chưa đạt" plainly once every figure is confirmed', () => {
    const confirmed = defineCriteriaSet({
      ...set,
      id: 'qd-06-2019-confirmed',
      criteria: set.criteria.map(({ verify: _v, note: _n, ...c }) => ({
        ...c,
        indicators: c.indicators.map(({ verify: _iv, ...i }) => i),
      })),
    });
    expect(unconfirmedCriteria(confirmed)).toEqual([]);
    const passed = scoreAssessment(confirmed, 'ordinary', best());
    expect(passed).toMatchObject({ passed: true, provisional: false, unconfirmedCriteria: [] });
    expect(verdictText(passed)).toBe('Đạt');
    expect(verdictText(scoreAssessment(confirmed, 'ordinary', {}))).toBe('Chưa đạt');
  });
});

describe('a year the decision does not assess in is a warning, not a refusal (the seed plan IV.1 asks for 2023)', () => {
  it('warns for 2023 naming the rule and the next assessment year; nothing for 2024', () => {
    expect(assessmentYearWarning(set, 2023)).toMatch(
      /^Năm 2023 không phải năm đánh giá theo Quy định ban hành kèm theo Quyết định số 06\/QĐ-TTg \(đánh giá, công nhận vào tháng 11 năm thứ 2 và năm thứ 4 của kế hoạch 5 năm; năm đánh giá tiếp theo: 2024\)/,
    );
    expect(assessmentYearWarning(set, 2024)).toBeUndefined();
  });
});
