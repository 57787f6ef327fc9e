import type { PlanRow, StepEventRow, StepRow } from '../../../../libs/database/src/index.js';
import { formatViDate, formatViDateTime, planTimeAt, STATUS_BUCKETS, type StatusBucket } from '../../../../libs/domain/src/index.js';
import { viLabels } from '../../../../libs/mail/src/index.js';

/** Pure mappers from rows to what the API returns; never an entity. */
export const toStepView = (s: StepRow) => ({
  stepId: s.stepId,
  specStepId: s.specStepId,
  unitId: s.unitId,
  period: s.period,
  itemId: s.itemId,
  title: s.title,
  assignee: s.assignee,
  approver: s.approver,
  startDate: s.startDate,
  dueDate: s.dueDate,
  dueDateVi: formatViDate(s.dueDate),
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
});
export type StepView = ReturnType<typeof toStepView>;

export const toEventView = (e: StepEventRow) => ({ ...e, atVi: formatViDateTime(new Date(e.at)), atPlanVi: formatViDateTime(new Date(e.atPlan)) });

export const toBucketCounts = (counts: Record<StatusBucket, number>) =>
  Object.fromEntries(STATUS_BUCKETS.map((b) => [b, { count: counts[b], label: viLabels().buckets[b] }])) as Record<StatusBucket, { count: number; label: string }>;

export const toPlanSummary = (p: PlanRow, counts: Record<StatusBucket, number>, now = new Date()) => ({
  id: p.id,
  number: p.number,
  title: p.title,
  year: p.year,
  issuer: p.issuerName,
  runStartedAt: p.runStartedAt,
  clock: p.clock,
  planNow: p.clock ? planTimeAt(p.clock, now).toISOString() : null,
  stepCount: STATUS_BUCKETS.reduce((n, b) => n + counts[b], 0),
  buckets: toBucketCounts(counts),
});
