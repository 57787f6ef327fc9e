/**
 * Scoring a commune's self-assessment against a criteria set. Pure: points, totals and pass/fail are always computed
 * from the indicator values and the set's threshold tables, never typed in.
 */
import { DomainError } from '../errors.js';
import { COMMUNE_CLASSES, type CommuneClass, type CriteriaSet, type Indicator } from './criteria-set.js';
import { closestId, indicatorsOf } from './registry.js';

/** A value as entered: a number, a yes/no answer, or null while not yet known. */
export type IndicatorRawValue = number | boolean | null;

/** One indicator of a self-assessment: its value and the evidence (minh chứng) it rests on. */
export interface IndicatorValue {
  value: IndicatorRawValue;
  evidence?: string;
}

/** Values by indicator id; a missing key counts as null (not yet known). */
export type AssessmentValues = Record<string, IndicatorRawValue>;

export interface IndicatorScore {
  id: string;
  title: string;
  value: IndicatorRawValue;
  points: number;
  maxPoints: number;
  /** No value yet: it scores 0 until one is entered. */
  missing: boolean;
}

export interface CriterionScore {
  no: number;
  title: string;
  points: number;
  maxPoints: number;
  /** A criterion at 0 fails the whole assessment whatever the total. */
  zero: boolean;
  indicators: IndicatorScore[];
}

export interface AssessmentScore {
  setId: string;
  communeClass: CommuneClass;
  passMark: number;
  total: number;
  maxTotal: number;
  passed: boolean;
  criteria: CriterionScore[];
  zeroCriteria: number[];
  missingIndicators: string[];
  /** Why it fails, in Vietnamese for the officers (empty when it passes). */
  reasons: string[];
  /**
   * "Tạm tính": some criteria's points are the set's encoding, not confirmed from the decision's text (`verify`);
   * the verdict is then provisional and no request for recognition (Tờ trình) is drawn up from it.
   */
  provisional: boolean;
  /** The criteria (numbers) whose points are not confirmed, in order. */
  unconfirmedCriteria: number[];
}

/** Criteria whose points are not confirmed from the decision's text: `verify` on the criterion or on one of its indicators. */
export const unconfirmedCriteria = (set: CriteriaSet): number[] =>
  set.criteria.filter((c) => c.verify || c.indicators.some((i) => i.verify)).map((c) => c.no);

/** The verdict as a person reads it: "Đạt" / "Chưa đạt", or "Tạm tính: …" naming the unconfirmed criteria. */
export function verdictText(score: Pick<AssessmentScore, 'passed' | 'provisional' | 'unconfirmedCriteria'>): string {
  const verdict = score.passed ? 'đạt' : 'chưa đạt';
  if (!score.provisional) return verdict.charAt(0).toUpperCase() + verdict.slice(1);
  return `Tạm tính: ${verdict} (điểm của tiêu chí ${score.unconfirmedCriteria.join(', ')} chưa được xác nhận từ văn bản Quyết định)`;
}

/** What is wrong with a value for an indicator, in Vietnamese, or undefined when it is acceptable (null is). */
function valueProblem(ind: Indicator, value: unknown): string | undefined {
  if (value === null) return undefined;
  if (ind.unit === 'yes_no') return typeof value === 'boolean' ? undefined : `Chỉ số ${ind.id} cần giá trị có/không (true hoặc false)`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `Chỉ số ${ind.id} cần một số`;
  switch (ind.unit) {
    case '%':
      return value < 0 || value > 100 ? `Chỉ số ${ind.id} là tỷ lệ phần trăm, phải từ 0 đến 100 (nhận ${value})` : undefined;
    case 'per_1000':
      return value < 0 ? `Chỉ số ${ind.id} là tỷ suất trên 1.000 trẻ em, không được âm (nhận ${value})` : undefined;
    case 'count':
    case 'level':
      return !Number.isInteger(value) || value < 0 ? `Chỉ số ${ind.id} là số đếm, phải là số nguyên không âm (nhận ${value})` : undefined;
  }
}

/** The points a value earns on an indicator: the first matching rule of its table, 0 when none matches or no value. */
export function indicatorPoints(ind: Indicator, value: IndicatorRawValue): number {
  const problem = valueProblem(ind, value);
  if (problem) throw new DomainError('VALIDATION_FAILED', problem, { [ind.id]: problem });
  if (value === null) return 0;
  for (const r of ind.thresholds) {
    if (
      r.when !== undefined
        ? r.when === value
        : r.min !== undefined
          ? (value as number) >= r.min
          : r.max !== undefined && (value as number) <= r.max
    )
      return r.points;
  }
  return 0;
}

/**
 * Every problem of a set of values, for an HTTP 400: unknown indicator ids, wrong types, percentages outside 0–100,
 * negative rates or counts. Messages are Vietnamese.
 */
export function validateValues(set: CriteriaSet, values: unknown): { indicatorId: string; message: string }[] {
  if (!values || typeof values !== 'object' || Array.isArray(values)) {
    return [{ indicatorId: '', message: 'Số liệu đánh giá phải là một bảng: mã chỉ số → giá trị' }];
  }
  const byId = new Map(indicatorsOf(set).map((i) => [i.id, i]));
  const out: { indicatorId: string; message: string }[] = [];
  for (const [id, value] of Object.entries(values)) {
    const ind = byId.get(id);
    if (!ind) {
      const hint = closestId(id, byId.keys());
      out.push({
        indicatorId: id,
        message: `Không có chỉ số "${id}" trong bộ tiêu chí theo ${set.decision.ref}${hint ? `; có phải "${hint}"?` : ''}`,
      });
      continue;
    }
    const problem = valueProblem(ind, value);
    if (problem) out.push({ indicatorId: id, message: problem });
  }
  return out;
}

/** Scores a self-assessment. Invalid values or an unknown commune class throw a VALIDATION_FAILED DomainError. */
export function scoreAssessment(set: CriteriaSet, communeClass: CommuneClass, values: AssessmentValues): AssessmentScore {
  if (!(COMMUNE_CLASSES as readonly string[]).includes(communeClass)) {
    const message = `Loại xã không hợp lệ "${String(communeClass)}" (${COMMUNE_CLASSES.join(', ')})`;
    throw new DomainError('VALIDATION_FAILED', message, { communeClass: message });
  }
  const problems = validateValues(set, values);
  if (problems.length) {
    throw new DomainError(
      'VALIDATION_FAILED',
      problems.map((p) => p.message).join('; '),
      Object.fromEntries(problems.map((p) => [p.indicatorId, p.message])),
    );
  }
  const criteria: CriterionScore[] = set.criteria.map((c) => {
    const indicators = c.indicators.map((ind): IndicatorScore => {
      const value = values[ind.id] ?? null;
      return {
        id: ind.id,
        title: ind.title,
        value,
        points: indicatorPoints(ind, value),
        maxPoints: ind.maxPoints,
        missing: value === null,
      };
    });
    const points = indicators.reduce((s, i) => s + i.points, 0);
    return { no: c.no, title: c.title, points, maxPoints: c.maxPoints, zero: points === 0, indicators };
  });
  const total = criteria.reduce((s, c) => s + c.points, 0);
  const passMark = set.passMarks[communeClass];
  const zeroCriteria = criteria.filter((c) => c.zero).map((c) => c.no);
  const missingIndicators = criteria.flatMap((c) => c.indicators.filter((i) => i.missing).map((i) => i.id));
  const passed = zeroCriteria.length === 0 && total >= passMark;

  const reasons: string[] = [];
  if (!passed) {
    for (const c of criteria.filter((x) => x.zero)) reasons.push(`Tiêu chí ${c.no} (${c.title}) đạt 0 điểm`);
    if (total < passMark) reasons.push(`Tổng ${total} < ${passMark} điểm (mức đạt của ${set.classLabels[communeClass]})`);
    if (missingIndicators.length)
      reasons.push(`Chưa có số liệu ${missingIndicators.length} chỉ số (tính 0 điểm): ${missingIndicators.join(', ')}`);
  }
  const unconfirmed = unconfirmedCriteria(set);
  return {
    setId: set.id,
    communeClass,
    passMark,
    total,
    maxTotal: set.maxTotal,
    passed,
    criteria,
    zeroCriteria,
    missingIndicators,
    reasons,
    provisional: unconfirmed.length > 0,
    unconfirmedCriteria: unconfirmed,
  };
}

export interface AssessmentComparison {
  total: { before: number; after: number; delta: number };
  /** By criterion number; a criterion only one of the two sets has gets null on the other side. */
  criteria: { no: number; before: number | null; after: number | null; delta: number | null }[];
  /** At 0 now, not before. */
  newlyZero: number[];
  /** At 0 before, not now. */
  recovered: number[];
  passedBefore: boolean;
  passedAfter: boolean;
}

/** How an assessment moved since the previous one (criteria matched by number, so a replacement set still compares). */
export function compareAssessments(previous: AssessmentScore, current: AssessmentScore): AssessmentComparison {
  const before = new Map(previous.criteria.map((c) => [c.no, c]));
  const after = new Map(current.criteria.map((c) => [c.no, c]));
  const nos = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a - b);
  const criteria = nos.map((no) => {
    const b = before.get(no)?.points ?? null;
    const a = after.get(no)?.points ?? null;
    return { no, before: b, after: a, delta: a !== null && b !== null ? a - b : null };
  });
  return {
    total: { before: previous.total, after: current.total, delta: current.total - previous.total },
    criteria,
    newlyZero: nos.filter((no) => after.get(no)?.zero && !before.get(no)?.zero),
    recovered: nos.filter((no) => before.get(no)?.zero && after.has(no) && !after.get(no)!.zero),
    passedBefore: previous.passed,
    passedAfter: current.passed,
  };
}

const checkYear = (year: number) => {
  if (Number.isInteger(year) && year >= 1900 && year <= 2200) return;
  const message = `Năm không hợp lệ: ${year}`;
  throw new DomainError('VALIDATION_FAILED', message, { year: message });
};

/** The year of its five-year plan period a year is (1-based): 2021 → 1, 2022 → 2 … 2026 → 1. */
export function planPeriodYear(set: CriteriaSet, year: number): number {
  checkYear(year);
  const { periodAnchorYear, periodLength } = set.assessment;
  return ((((year - periodAnchorYear) % periodLength) + periodLength) % periodLength) + 1;
}

/** Whether the set assesses communes in that year (the 2nd and 4th year of the plan period; never before the decision). */
export function isAssessmentYear(set: CriteriaSet, year: number): boolean {
  checkYear(year);
  return year >= Number(set.decision.date.slice(0, 4)) && set.assessment.planYears.includes(planPeriodYear(set, year));
}

/**
 * Why a year the set does not assess in is irregular, in Vietnamese, or undefined for an assessment year. A commune
 * whose plan asks for an assessment in another year (the seed plan's IV.1 asks for 2023) may still draw it up: the
 * caller warns, it does not refuse.
 */
export function assessmentYearWarning(set: CriteriaSet, year: number): string | undefined {
  if (isAssessmentYear(set, year)) return undefined;
  const { month, planYears } = set.assessment;
  const next = nextAssessmentYear(set, year);
  return (
    `Năm ${year} không phải năm đánh giá theo Quy định ban hành kèm theo Quyết định số ${set.decision.ref} (đánh giá, công nhận vào tháng ${month} ` +
    `năm thứ ${planYears.join(' và năm thứ ')} của kế hoạch 5 năm; năm đánh giá tiếp theo: ${next}). Xã vẫn tự đánh giá theo kế hoạch của mình; ` +
    `cơ quan thẩm định có thể chỉ xét vào năm đánh giá.`
  );
}

/** The first assessment year from `year` on. */
export function nextAssessmentYear(set: CriteriaSet, year: number): number {
  checkYear(year);
  for (let y = Math.max(year, Number(set.decision.date.slice(0, 4))); ; y++) if (isAssessmentYear(set, y)) return y;
}

/** The last day of the assessment month of a year, ISO (a calendar date: the caller rolls it to a working day). */
export function assessmentDeadline(set: CriteriaSet, year: number): string {
  if (!isAssessmentYear(set, year)) {
    const message = `Năm ${year} không phải năm đánh giá theo ${set.decision.ref}; năm đánh giá tiếp theo: ${nextAssessmentYear(set, year)}`;
    throw new DomainError('VALIDATION_FAILED', message, { year: message });
  }
  const m = set.assessment.month;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${year}-${String(m).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
}
