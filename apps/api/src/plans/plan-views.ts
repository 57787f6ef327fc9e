import type { PlanRow, StepEventRow, StepRow } from '../../../../libs/database/src/index.js';
import {
  actedByLabel, formatViDate, formatViDateTime, latenessOf, planTimeAt, STATUS_BUCKETS, type Lateness, type PlanSpec, type StatusBucket, type WorkingCalendar,
} from '../../../../libs/domain/src/index.js';
import { viLabels } from '../../../../libs/mail/src/index.js';

/** Pure mappers from rows to what the API returns; never an entity. Lateness needs the plan's calendar and its "now". */
/** Lateness of open steps counts to the same "now"; steps sharing a due date (a fan-out, a month) share the answer. */
export interface LatenessContext {
  cal: WorkingCalendar;
  planNow: Date;
  memo?: Map<string, Lateness>;
}
const lateOf = (late: LatenessContext, dueDate: string, at: Date): Lateness => {
  if (!late.memo) return latenessOf(late.cal, dueDate, at);
  const key = `${dueDate}|${at.getTime()}`;
  let l = late.memo.get(key);
  if (!l) late.memo.set(key, (l = latenessOf(late.cal, dueDate, at)));
  return l;
};

export const toStepView = (s: StepRow, late?: LatenessContext) => ({
  stepId: s.stepId,
  specStepId: s.specStepId,
  unitId: s.unitId,
  period: s.period,
  caseId: s.caseId ?? null,
  itemId: s.itemId,
  title: s.title,
  assignee: s.assignee,
  approver: s.approver,
  startDate: s.startDate,
  dueDate: s.dueDate,
  dueDateVi: formatViDate(s.dueDate),
  extendedDueDate: s.extendedDueDate,
  state: s.state,
  stateLabel: viLabels().states[s.state],
  overdue: s.overdue,
  bucket: s.bucket,
  bucketLabel: viLabels().buckets[s.bucket],
  submittedAt: s.submittedAt,
  completedAt: s.completedAt,
  completedAtPlan: s.completedAtPlan,
  workflowId: s.workflowId,
  updatedAt: s.updatedAt,
  ...(late ? { late: lateOf(late, s.dueDate, s.completedAtPlan ? new Date(s.completedAtPlan) : late.planNow) } : {}),
});

/** Per plan step: its instances (one per village for a fan-out step) and how many are done, e.g. "9/10" on time. */
export function toStepProgress(steps: StepRow[]) {
  const by = new Map<string, StepRow[]>();
  for (const s of steps) by.set(s.specStepId || s.stepId, [...(by.get(s.specStepId || s.stepId) ?? []), s]);
  return [...by.entries()].map(([stepId, list]) => {
    const completed = list.filter((s) => s.state === 'completed').length;
    const onTime = list.filter((s) => s.bucket === 'completed_on_time').length;
    return {
      stepId,
      instances: list.length,
      completed,
      completedOnTime: onTime,
      percentComplete: Math.round((completed / list.length) * 1000) / 10,
      onTimeRatio: `${onTime}/${list.length}`,
    };
  });
}
export type StepView = ReturnType<typeof toStepView>;

/**
 * An audit event as read: with `by`, who acted in words ("Trần Thị B (Phó Chủ tịch UBND xã …)", "… (ủy quyền của …)",
 * "Hệ thống"); `roleTitle` names a role key of the plan (events recorded before people were: the role's title only).
 */
export const toEventView = (e: StepEventRow, roleTitle: (key: string) => string | null = () => null) => ({
  ...e,
  actedBy: e.actedBy ?? null,
  by: actedByLabel(e.actedBy, e.actor ? (roleTitle(e.actor) ?? e.actor) : null),
  atVi: formatViDateTime(new Date(e.at)),
  atPlanVi: formatViDateTime(new Date(e.atPlan)),
});

export const toBucketCounts = (counts: Record<StatusBucket, number>) =>
  Object.fromEntries(STATUS_BUCKETS.map((b) => [b, { count: counts[b], label: viLabels().buckets[b] }])) as Record<StatusBucket, { count: number; label: string }>;

export const toPlanSummary = (p: PlanRow, counts: Record<StatusBucket, number> & { cancelled?: number }, now = new Date()) => ({
  id: p.id,
  number: p.number,
  title: p.title,
  year: p.year,
  issuer: p.issuerName,
  runStartedAt: p.runStartedAt,
  clock: p.clock,
  planNow: p.clock ? planTimeAt(p.clock, now).toISOString() : null,
  stepCount: STATUS_BUCKETS.reduce((n, b) => n + counts[b], 0),
  cancelledCount: counts.cancelled ?? 0,
  buckets: toBucketCounts(counts),
});

/** Counts per assignee role, with the role's title and holder from the plan; `total` leaves cancelled steps out. */
export const toAssigneeCounts = (spec: PlanSpec, rows: { assignee: string; counts: Record<StatusBucket, number> }[]) =>
  rows.map(({ assignee, counts }) => ({
    assignee,
    title: spec.roles[assignee]?.title ?? assignee,
    person: spec.roles[assignee]?.person ?? null,
    total: STATUS_BUCKETS.reduce((n, b) => n + counts[b], 0),
    buckets: toBucketCounts(counts),
  }));
