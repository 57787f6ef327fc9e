import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { VILLAGES_ALL } from './plan.js';
import type { NodeIndex, Problem } from './schema-check.js';

/**
 * How large a plan file may be and how much it may expand to. Every limit is checked on the file as written, before
 * a single step instance is made, so a small file that would expand to tens of thousands of instances costs nothing.
 *
 * - maxInstances 5,000: a commune's yearly plan has 50–300 dated instances (the seed: 120), a district's programme
 *   over its communes and villages a few thousand. The province rehearsal (9,960 instances, bench/ and
 *   test/factories/province-plan.factory.ts) builds its plan in code and is loaded without this parser; a file that
 *   large is a province's to split by district.
 * - maxVillages 1,000 and maxOrgUnits 2,000: a commune has 5–30 villages, a province about 1,000 (the factory's 996).
 * - maxOccurrencesPerStep 60: a monthly step over at most five years (a 2021–2025 programme).
 * - maxDepth 24: a plan file nests 6 levels (items → steps → kpis → fields); deeper is not a plan.
 */
export interface PlanLimits {
  maxInstances: number;
  maxOrgUnits: number;
  maxVillages: number;
  maxOccurrencesPerStep: number;
  maxDepth: number;
}

export const PLAN_LIMITS: Readonly<PlanLimits> = {
  maxInstances: 5_000,
  maxOrgUnits: 2_000,
  maxVillages: 1_000,
  maxOccurrencesPerStep: 60,
  maxDepth: 24,
};

/** Codes of the limit diagnostics: the drafts API words each in Vietnamese with its values (apps/api/src/i18n/vi.json `drafts.limits`). */
export type PlanLimitCode =
  | 'PLAN_FILE_TOO_BIG'
  | 'PLAN_TOO_DEEP'
  | 'PLAN_TOO_MANY_UNITS'
  | 'PLAN_TOO_MANY_VILLAGES'
  | 'PLAN_TOO_MANY_OCCURRENCES'
  | 'PLAN_TOO_MANY_INSTANCES'
  | 'PLAN_TOO_COMPLEX'
  | 'PLAN_MORE_DIAGNOSTICS';

type Raw = Record<string, any>;

/** Months from YYYY-MM to YYYY-MM inclusive, by arithmetic (never by walking them). */
const monthsBetween = (from: string, to: string): number => {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return Math.max(0, ty * 12 + tm - (fy * 12 + fm) + 1);
};

/**
 * Walks the document once (no recursion, so no stack to exhaust) and reports keys given twice in one mapping — found
 * with a Set per mapping, linear in the file, where the YAML library's own check compares each key with every key
 * before it — and nesting deeper than `maxDepth` (once). `count` counts the keys looked at, for the linearity test.
 */
export function structureProblems(root: Node | null | undefined, maxDepth: number, count: { keys: number } = { keys: 0 }): Problem[] {
  const problems: Problem[] = [];
  if (!root) return problems;
  const stack: [unknown, number][] = [[root, 1]];
  let tooDeep = false;
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (isMap(node)) {
      if (depth > maxDepth) {
        if (!tooDeep)
          problems.push({ node, message: `tệp kế hoạch lồng nhau quá ${maxDepth} cấp`, code: 'PLAN_TOO_DEEP', vars: { max: maxDepth } });
        tooDeep = true;
        continue;
      }
      const seen = new Set<string>();
      for (const pair of node.items) {
        count.keys++;
        if (isScalar(pair.key)) {
          const k = `${typeof pair.key.value}:${String(pair.key.value)}`;
          if (seen.has(k))
            problems.push({
              node: pair.key,
              message: `khóa "${String(pair.key.value)}" bị ghi hai lần trong cùng một bảng`,
              code: 'DUPLICATE_KEY',
            });
          seen.add(k);
        }
        if (pair.value) stack.push([pair.value, depth + 1]);
      }
    } else if (isSeq(node)) {
      if (depth > maxDepth) {
        if (!tooDeep)
          problems.push({ node, message: `tệp kế hoạch lồng nhau quá ${maxDepth} cấp`, code: 'PLAN_TOO_DEEP', vars: { max: maxDepth } });
        tooDeep = true;
        continue;
      }
      for (const item of node.items) stack.push([isPair(item) ? item.value : item, depth + 1]);
    }
  }
  return problems;
}

/**
 * Org units, villages, occurrences of each recurring step and instances of the whole plan, counted from the checked
 * values (as the engine would expand them: occurrences × units of the fan-out group), each against its limit.
 */
export function limitProblems(raw: Raw, index: NodeIndex, limits: PlanLimits): Problem[] {
  const problems: Problem[] = [];
  const units = Array.isArray(raw.org_units) ? (raw.org_units as Raw[]).filter((u) => u && typeof u === 'object') : [];
  if (units.length > limits.maxOrgUnits) {
    problems.push({
      node: index.get('org_units'),
      message: `kế hoạch có ${units.length} đơn vị (org_units), tối đa ${limits.maxOrgUnits}`,
      code: 'PLAN_TOO_MANY_UNITS',
      vars: { n: units.length, max: limits.maxOrgUnits },
    });
  }
  const byKind = new Map<string, number>();
  for (const u of units) byKind.set(String(u.kind), (byKind.get(String(u.kind)) ?? 0) + 1);
  const villages = byKind.get('village') ?? 0;
  if (villages > limits.maxVillages) {
    problems.push({
      node: index.get('org_units'),
      message: `kế hoạch có ${villages} thôn, tối đa ${limits.maxVillages}`,
      code: 'PLAN_TOO_MANY_VILLAGES',
      vars: { n: villages, max: limits.maxVillages },
    });
  }
  const groupSize = (g: string) => (g === VILLAGES_ALL ? villages : (byKind.get(g) ?? 0));
  let total = 0;
  let biggest: { path: string; id: string; n: number } | undefined;
  (Array.isArray(raw.items) ? (raw.items as Raw[]) : []).forEach((it, i) => {
    (Array.isArray(it?.steps) ? (it.steps as Raw[]) : []).forEach((s, j) => {
      if (!s || typeof s !== 'object' || s.trigger) return;
      const base = `items.${i}.steps.${j}`;
      let occurrences = s.due || s.due_lunar || s.event_date ? 1 : 0;
      const r = s.recurrence as Raw | undefined;
      if (r && typeof r.from === 'string' && typeof r.to === 'string') {
        occurrences = monthsBetween(r.from, r.to);
        if (occurrences > limits.maxOccurrencesPerStep) {
          problems.push({
            node: index.get(`${base}.recurrence.to`) ?? index.get(`${base}.recurrence`),
            message: `bước ${s.id} lặp lại ${occurrences} lần (${r.from} đến ${r.to}; tối đa ${limits.maxOccurrencesPerStep})`,
            code: 'PLAN_TOO_MANY_OCCURRENCES',
            vars: { step: String(s.id), n: occurrences, max: limits.maxOccurrencesPerStep },
          });
        }
      }
      const n = occurrences * (typeof s.fan_out === 'string' ? groupSize(s.fan_out) : 1);
      total += n;
      if (!biggest || n > biggest.n) biggest = { path: base, id: String(s.id), n };
    });
  });
  if (total > limits.maxInstances && biggest) {
    problems.push({
      node: index.get(`${biggest.path}.fan_out`) ?? index.get(`${biggest.path}.recurrence`) ?? index.get(biggest.path),
      message: `kế hoạch tạo ra ${total} lượt thực hiện (tối đa ${limits.maxInstances}); riêng bước ${biggest.id} tạo ${biggest.n} lượt`,
      code: 'PLAN_TOO_MANY_INSTANCES',
      vars: { n: total, max: limits.maxInstances, step: biggest.id, stepN: biggest.n },
    });
  }
  return problems;
}
