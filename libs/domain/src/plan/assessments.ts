import type { WorkingCalendar } from '../calendar/index.js';
import { DomainError } from '../errors.js';
import { allSteps, DEFAULT_CHAIN, type AssessmentPolicy, type PlanSpec, type StepSpec } from './plan.js';
import type { StepInstance } from './expand-instances.js';

/** The id of a commune's assessment for a year: DG2024 ("đánh giá"). */
export const assessmentIdFor = (year: number): string => `DG${year}`;

/** The plan's assessment policy and the step it is drafted in; a plan without one refuses assessments. */
export function assessmentStepOf(plan: PlanSpec): { step: StepSpec; policy: AssessmentPolicy } {
  const policy = plan.policies.childFriendlyAssessment;
  const step = policy && allSteps(plan).find((s) => s.id === policy.step);
  if (!policy || !step) {
    throw new DomainError('ASSESSMENT_NOT_SUPPORTED', `Plan ${plan.id} has no child_friendly_assessment policy naming one of its steps`);
  }
  return { step, policy };
}

/**
 * The step instance an assessment is drafted, approved and sent in: the plan step of the policy gives the assignee
 * (the officer), the approver (the vice-chairman), the item, the escalation chain and the reminder offsets; it is due
 * on the last working day of November of the assessment year and opens on the first working day of October (the
 * dossier used to be filed between 1/10 and 1/11).
 */
export function assessmentInstance(
  plan: PlanSpec,
  cal: WorkingCalendar,
  year: number,
): StepInstance & { dueAt: Date; assessmentId: string } {
  const { step } = assessmentStepOf(plan);
  const assessmentId = assessmentIdFor(year);
  const due = cal.lastWorkingDayOfMonth(year, 11);
  return {
    key: `${step.id}-${assessmentId}`,
    stepId: step.id,
    itemId: step.itemId,
    title: `Tự đánh giá xã phù hợp với trẻ em năm ${year} (QĐ 06/QĐ-TTg)`,
    unit: null,
    period: null,
    assignee: step.assignee,
    approver: step.approval,
    start: cal.firstWorkingDayOfMonth(year, 10),
    due,
    dueEffective: due,
    chain: step.escalation ?? DEFAULT_CHAIN,
    dueAt: cal.deadlineInstant(due),
    assessmentId,
  };
}
