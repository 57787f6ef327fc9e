/**
 * A set of criteria for assessing a "xã, phường, thị trấn phù hợp với trẻ em" (child-friendly commune), as data.
 * Each set is versioned by the decision that sets it (QĐ 06/QĐ-TTg of 2019 today); a replacement decision is a new
 * set, written as a TS module (criteria/*.ts) or a YAML file read with parseCriteriaSet (criteria-file.ts).
 * Pure: no YAML here, so the scoring can run anywhere.
 */

export const COMMUNE_CLASSES = ['ordinary', 'difficult', 'urban_ward'] as const;
/** Decides the pass mark: ordinary communes, mountainous/island/especially difficult ones, urban wards of centrally-run cities. */
export type CommuneClass = (typeof COMMUNE_CLASSES)[number];

export const INDICATOR_UNITS = ['%', 'per_1000', 'count', 'level', 'yes_no'] as const;
/**
 * `%`: 0–100; `per_1000`: a rate per 1,000 children (≥ 0); `count`: a whole number ≥ 0; `level`: an ordinal level
 * (whole number ≥ 0); `yes_no`: true or false.
 */
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

/**
 * One line of a threshold table. Rules are tried in order and the first that matches gives the points; none
 * matching gives 0. `min`: value ≥ min (higher is better); `max`: value ≤ max (lower is better); `when`: a yes/no
 * answer equal to it.
 */
export interface ThresholdRule {
  min?: number;
  max?: number;
  when?: boolean;
  points: number;
}

export interface Indicator {
  /** "<criterion>.<n>", e.g. "6.1". */
  id: string;
  title: string;
  unit: IndicatorUnit;
  maxPoints: number;
  thresholds: readonly ThresholdRule[];
  /** Which part of the decision sets it. */
  source: string;
  /** The encoding is a best reading that someone must check against the decision's text. */
  verify?: boolean;
  note?: string;
  /** The role that usually has the figure (a suggestion for the assessment page), e.g. health_station. */
  feedsFrom?: string;
}

export interface Criterion {
  no: number;
  key: string;
  title: string;
  maxPoints: number;
  indicators: readonly Indicator[];
  source?: string;
  verify?: boolean;
  note?: string;
}

export interface CriteriaSet {
  id: string;
  decision: { ref: string; date: string; title: string };
  /** Minimum total to pass, by commune class. */
  passMarks: Record<CommuneClass, number>;
  /** How each class is named in the decision (Vietnamese), for messages. */
  classLabels: Record<CommuneClass, string>;
  maxTotal: number;
  /**
   * When assessments happen: in `month` of the years `planYears` (1-based) of each five-year plan period. Periods
   * start at `periodAnchorYear` and repeat every `periodLength` years (2021–2025, 2026–2030, …).
   */
  assessment: { month: number; planYears: readonly number[]; periodAnchorYear: number; periodLength: number };
  criteria: readonly Criterion[];
  /** Where the encoding was read (public copies of the decision and summaries of it). */
  references?: readonly string[];
  note?: string;
}

/** A problem of a set, by the path of the value (e.g. "criteria.5.indicators.0.thresholds.1.min"). */
export interface SetProblem {
  path: string;
  message: string;
}

export const INDICATOR_ID_PATTERN = '^[1-9]\\d*\\.[1-9]\\d*$';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The rules a set must keep beyond its shape: numbering, sums, and threshold tables that are ordered and reach the
 * indicator's maximum. Returns every problem (nothing throws).
 */
export function checkCriteriaSet(set: CriteriaSet): SetProblem[] {
  const problems: SetProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  for (const c of COMMUNE_CLASSES) {
    if (set.passMarks[c] > set.maxTotal)
      add(`passMarks.${c}`, `the pass mark ${set.passMarks[c]} is above the maximum total ${set.maxTotal}`);
  }
  const years = set.assessment.planYears;
  years.forEach((y, i) => {
    if (y > set.assessment.periodLength)
      add(`assessment.planYears.${i}`, `year ${y} is outside a plan period of ${plural(set.assessment.periodLength, 'year')}`);
    if (i > 0 && y <= years[i - 1]) add(`assessment.planYears.${i}`, 'plan years must be listed in increasing order');
  });

  const keys = new Set<string>();
  const ids = new Set<string>();
  let total = 0;
  set.criteria.forEach((c, ci) => {
    const cp = `criteria.${ci}`;
    if (c.no !== ci + 1) add(`${cp}.no`, `criterion ${c.no} is at position ${ci + 1}; number the criteria 1, 2, 3, … in order`);
    if (keys.has(c.key)) add(`${cp}.key`, `duplicate criterion key "${c.key}"`);
    keys.add(c.key);
    total += c.maxPoints;
    let sum = 0;
    c.indicators.forEach((ind, ii) => {
      const ip = `${cp}.indicators.${ii}`;
      if (ids.has(ind.id)) add(`${ip}.id`, `duplicate indicator id "${ind.id}"`);
      ids.add(ind.id);
      if (ind.id.split('.')[0] !== String(c.no))
        add(`${ip}.id`, `indicator "${ind.id}" is under criterion ${c.no}; its id must start with "${c.no}."`);
      sum += ind.maxPoints;
      checkThresholds(ind, ip, add);
    });
    if (sum !== c.maxPoints) add(`${cp}.maxPoints`, `criterion ${c.no} has maxPoints ${c.maxPoints} but its indicators add up to ${sum}`);
  });
  if (total !== set.maxTotal) add('maxTotal', `maxTotal is ${set.maxTotal} but the criteria add up to ${total}`);
  return problems;
}

function checkThresholds(ind: Indicator, ip: string, add: (path: string, message: string) => void): void {
  const rules = ind.thresholds;
  const rp = (i: number, k = '') => `${ip}.thresholds.${i}${k ? `.${k}` : ''}`;
  rules.forEach((r, i) => {
    if (r.points > ind.maxPoints) add(rp(i, 'points'), `${r.points} points is above the indicator's maximum ${ind.maxPoints}`);
  });
  if (ind.unit === 'yes_no') {
    rules.forEach((r, i) => {
      if (r.when === undefined || r.min !== undefined || r.max !== undefined)
        add(rp(i), `a yes/no indicator (${ind.id}) takes rules of the form {when: true, points: …}`);
    });
    const yes = rules.find((r) => r.when === true);
    if (!yes) add(rp(0), `indicator ${ind.id} needs a rule {when: true, points: ${ind.maxPoints}}`);
    else if (yes.points !== ind.maxPoints)
      add(rp(rules.indexOf(yes), 'points'), `"yes" must give the indicator's maximum ${ind.maxPoints}, not ${yes.points}`);
    const no = rules.find((r) => r.when === false);
    if (no && no.points >= ind.maxPoints) add(rp(rules.indexOf(no), 'points'), '"no" must give fewer points than "yes"');
    if (new Set(rules.map((r) => r.when)).size !== rules.length)
      add(rp(rules.length - 1), `indicator ${ind.id} has two rules for the same answer`);
    return;
  }
  const shapes = rules.map((r) =>
    r.when !== undefined || (r.min === undefined) === (r.max === undefined) ? 'bad' : r.min !== undefined ? 'min' : 'max',
  );
  shapes.forEach((s, i) => {
    if (s === 'bad')
      add(rp(i), `a numeric indicator (${ind.id}) takes rules with exactly one of min (higher is better) or max (lower is better)`);
  });
  if (shapes.includes('bad')) return;
  if (new Set(shapes).size > 1) {
    add(rp(shapes.indexOf(shapes[0] === 'min' ? 'max' : 'min')), `indicator ${ind.id} mixes min and max rules; use one direction`);
    return;
  }
  const higher = shapes[0] === 'min';
  if (rules[0].points !== ind.maxPoints)
    add(rp(0, 'points'), `the first rule must give the indicator's maximum ${ind.maxPoints}, not ${rules[0].points}`);
  rules.forEach((r, i) => {
    const bound = (higher ? r.min : r.max) as number;
    const k = higher ? 'min' : 'max';
    if (ind.unit === '%' && (bound < 0 || bound > 100)) add(rp(i, k), `a percentage threshold must be from 0 to 100, got ${bound}`);
    if (ind.unit !== '%' && bound < 0) add(rp(i, k), `a threshold of ${ind.unit} cannot be negative, got ${bound}`);
    if (i === 0) return;
    const prev = rules[i - 1];
    const prevBound = (higher ? prev.min : prev.max) as number;
    if (higher ? bound >= prevBound : bound <= prevBound)
      add(rp(i, k), `rules must be ordered from the best value: ${k} ${bound} must be ${higher ? 'below' : 'above'} ${prevBound}`);
    if (r.points >= prev.points) add(rp(i, 'points'), `a worse value must give fewer points: ${r.points} is not below ${prev.points}`);
  });
}

/** Checks a set written in code and returns it frozen; a broken built-in set is a programming error, so it throws. */
export function defineCriteriaSet(set: CriteriaSet): CriteriaSet {
  const problems = checkCriteriaSet(set);
  if (problems.length)
    throw new Error(`criteria set ${set.id} is invalid:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  return deepFreeze(set);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
