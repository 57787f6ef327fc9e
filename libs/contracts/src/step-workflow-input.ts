import type { WorkingCalendar } from '../../domain/src/calendar/index.js';
import type { PlanClock } from '../../domain/src/clock.js';
import { stepManagers } from '../../domain/src/role-holders.js';
import type { PlanSpec } from '../../domain/src/plan/plan.js';
import type { StepInstance } from '../../domain/src/plan/expand-instances.js';
import { timedNotices } from '../../domain/src/plan/timeline.js';
import type { StepWorkflowInput } from './step.contracts.js';

/** What a step workflow's input is built from: the step row as written for the run. */
export interface StepRowOfRun {
  stepId: string;
  assignee: string;
  approver: string | null;
  dueAtReal: Date | string;
  dueDate: string;
  title?: string;
  unitId?: string | null;
}

/**
 * The one place that builds a step workflow's input: the row's parties and due instant, the timeline of notices still
 * ahead of `now` (none when the step has no dated instance, e.g. a case's emergency step), who may manage the step and
 * the plan's roles. Used by the worker (a plan run's slices, a case) and the api (an assessment's step).
 */
export function stepWorkflowInput(
  plan: { id: string; spec: PlanSpec; clock: PlanClock },
  cal: WorkingCalendar,
  row: StepRowOfRun,
  inst: StepInstance | undefined,
  now: Date,
): StepWorkflowInput {
  const { spec } = plan;
  return {
    planId: plan.id,
    stepId: row.stepId,
    assignee: row.assignee,
    approver: row.approver,
    dueAtReal: new Date(row.dueAtReal).toISOString(),
    timeline: inst ? timedNotices(spec, cal, inst, plan.clock, now) : [],
    dueDate: row.dueDate,
    managers: stepManagers(spec.policies.approval, row.approver),
    roles: Object.keys(spec.roles),
    ...(row.title ? { title: row.title } : {}),
    ...(row.unitId ? { unit: row.unitId } : {}),
  };
}
