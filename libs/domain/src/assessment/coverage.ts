/**
 * Which plan steps supply the evidence of which assessment indicators. A step declares `indicators` in the plan file:
 * indicator ids ("6.1") or whole criteria ("6"); the assessment page then shows, for an indicator without a value,
 * the steps that would supply it, or that no step does.
 */
import { allSteps, type PlanSpec } from '../plan/plan.js';
import type { CriteriaSet } from './criteria-set.js';
import { closestId, DEFAULT_CRITERIA_SET, getCriteriaSet, indicatorsOf } from './registry.js';
import type { AssessmentScore } from './scoring.js';

export interface CoveringStep {
  stepId: string;
  title: string;
  assignee: string;
}

export interface IndicatorCoverage {
  indicatorId: string;
  criterion: number;
  title: string;
  /** The role that usually has the figure, from the set. */
  feedsFrom?: string;
  /** Steps that declare the indicator or its whole criterion; empty: no step of the plan supplies it. */
  steps: CoveringStep[];
}

/** The indicator ids a step reference stands for ("6" → every indicator of criterion 6), or undefined if unknown. */
export function resolveIndicatorRef(set: CriteriaSet, ref: string): string[] | undefined {
  if (/^\d+$/.test(ref)) {
    const c = set.criteria.find((x) => String(x.no) === ref);
    return c ? c.indicators.map((i) => i.id) : undefined;
  }
  return indicatorsOf(set).some((i) => i.id === ref) ? [ref] : undefined;
}

/** Every reference a step may use: criterion numbers and indicator ids. */
export const indicatorRefs = (set: CriteriaSet): string[] => set.criteria.flatMap((c) => [String(c.no), ...c.indicators.map((i) => i.id)]);

/**
 * What is wrong with a step's indicator reference (English, for plan file diagnostics), or undefined: an unknown id
 * gets a "did you mean", a reference listed twice (or already covered by its whole criterion) is refused.
 */
export function indicatorRefProblem(
  ref: string,
  earlier: readonly string[] = [],
  set: CriteriaSet = getCriteriaSet(DEFAULT_CRITERIA_SET),
): string | undefined {
  const refs = indicatorRefs(set);
  if (!refs.includes(ref)) {
    const hint = closestId(ref, refs);
    const last = set.criteria[set.criteria.length - 1].no;
    return `chỉ tiêu "${ref}" không có trong ${set.decision.ref} (tiêu chí 1–${last} hoặc các chỉ tiêu của chúng, ví dụ ${set.criteria[0].indicators[0].id})${hint ? `; có phải là "${hint}"?` : ''}`;
  }
  if (earlier.includes(ref)) return `chỉ tiêu "${ref}" được ghi hai lần`;
  const whole = ref.split('.')[0];
  if (ref !== whole && earlier.includes(whole)) return `chỉ tiêu "${ref}" đã thuộc tiêu chí "${whole}" ghi ở trước`;
  return undefined;
}

/** For each indicator of the set, in order, the plan steps that feed it. */
export function evidenceCoverage(set: CriteriaSet, plan: PlanSpec): IndicatorCoverage[] {
  const steps = allSteps(plan);
  return set.criteria.flatMap((c) =>
    c.indicators.map((ind) => ({
      indicatorId: ind.id,
      criterion: c.no,
      title: ind.title,
      ...(ind.feedsFrom ? { feedsFrom: ind.feedsFrom } : {}),
      steps: steps
        .filter((s) => (s.indicators ?? []).some((ref) => ref === ind.id || ref === String(c.no)))
        .map((s) => ({ stepId: s.id, title: s.title, assignee: s.assignee })),
    })),
  );
}

export interface EvidenceGap {
  indicatorId: string;
  title: string;
  /** Steps that would supply the value (only the open ones when `isOpen` is given); empty: none in the plan. */
  steps: CoveringStep[];
}

/** The indicators still without a value, each with the steps that would supply it. */
export function evidenceGaps(
  score: AssessmentScore,
  coverage: readonly IndicatorCoverage[],
  isOpen: (stepId: string) => boolean = () => true,
): EvidenceGap[] {
  const byId = new Map(coverage.map((c) => [c.indicatorId, c]));
  return score.criteria.flatMap((c) =>
    c.indicators
      .filter((i) => i.missing)
      .map((i) => ({ indicatorId: i.id, title: i.title, steps: (byId.get(i.id)?.steps ?? []).filter((s) => isOpen(s.stepId)) })),
  );
}
