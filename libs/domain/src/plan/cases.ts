import type { WorkingCalendar } from '../calendar/index.js';
import { DomainError } from '../errors.js';
import { localDateOf } from '../local-date.js';
import { allSteps, DEFAULT_CHAIN, type CaseClockPolicy, type PlanSpec, type StepSpec } from './plan.js';
import type { StepInstance } from './expand-instances.js';

/** A reported child-abuse case: when (plan time) and where. No child's name or other identifying data is kept. */
export interface CaseReport {
  caseId: string;
  reportedAtPlan: Date;
  unit: string | null;
}

/** A case step: an instance whose due is an instant (the emergency clock runs in calendar hours). */
export type CaseStepInstance = StepInstance & { dueAt: Date; role: 'emergency' | 'support-plan' };

/** The plan's step that a case report starts (trigger: case_reported) and its policy; a plan without one refuses reports. */
export function caseStepOf(plan: PlanSpec): { step: StepSpec; policy: CaseClockPolicy } {
  const step = allSteps(plan).find((s) => s.trigger === 'case_reported');
  const policy = plan.policies.childAbuseCase;
  if (!step || !policy)
    throw new DomainError(
      'CASE_NOT_SUPPORTED',
      `Plan ${plan.id} has no step started by a case report (trigger: case_reported) or no child_abuse_case policy`,
    );
  return { step, policy };
}

/**
 * The two pieces of work a case report starts (NĐ 56/2017 art. 26; Luật Trẻ em 2016 art. 52):
 * - the chairman's emergency intervention, due `emergencyInterventionH` calendar hours after the report, weekends
 *   and holidays included; the chairman is told at once (it is assigned to them);
 * - the support and intervention plan, drafted by the step's assignee within `planDraftingWd` working days (the day
 *   of the report not counted) and approved by the chairman.
 */
export function caseInstances(plan: PlanSpec, cal: WorkingCalendar, c: CaseReport): [CaseStepInstance, CaseStepInstance] {
  const { step, policy } = caseStepOf(plan);
  const base = { stepId: step.id, itemId: step.itemId, unit: c.unit, period: null, start: localDateOf(c.reportedAtPlan) };
  const emergencyAt = new Date(c.reportedAtPlan.getTime() + policy.emergencyInterventionH * 3_600_000);
  // The day of the report is not counted (Civil Code art. 147, as WorkingCalendar.add counts); from a weekend or
  // holiday the next working day is day 1.
  const planDue = cal.add(localDateOf(c.reportedAtPlan), policy.planDraftingWd);
  return [
    {
      ...base,
      key: `${step.id}-${c.caseId}-khan-cap`,
      title: `Can thiệp khẩn cấp vụ việc ${c.caseId} (trong ${policy.emergencyInterventionH} giờ)`,
      assignee: policy.to,
      approver: null,
      due: localDateOf(emergencyAt),
      dueEffective: localDateOf(emergencyAt),
      chain: DEFAULT_CHAIN,
      dueAt: emergencyAt,
      role: 'emergency',
    },
    {
      ...base,
      key: `${step.id}-${c.caseId}-ke-hoach`,
      title: `Kế hoạch hỗ trợ, can thiệp vụ việc ${c.caseId}`,
      assignee: step.assignee,
      approver: policy.planApprover,
      due: planDue,
      dueEffective: planDue,
      chain: DEFAULT_CHAIN,
      dueAt: cal.deadlineInstant(planDue),
      role: 'support-plan',
    },
  ];
}
