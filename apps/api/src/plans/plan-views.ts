import type { PlanRow, StepEventRow, StepRow } from '#libs/database/src/index.js';
import {
  actedByLabel, formatViDate, formatViDateTime, latenessOf, planTimeAt, STATUS_BUCKETS, type Lateness, type PlanSpec, type StatusBucket, type WorkingCalendar,
} from '#libs/domain/src/index.js';
import { viLabels } from '#libs/mail/src/index.js';

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

/** A role as people read it: its title in the plan and who holds it now (for a village role, in the step's village). */
export interface RoleRef {
  roleKey: string;
  title: string;
  holders: string[];
}
export interface UnitRef {
  id: string;
  name: string;
}

/** Names for the codes of one plan: roles with their titles and holders, villages, items. */
export interface PlanNames {
  role(roleKey: string, unitId: string | null): RoleRef;
  unit(unitId: string | null): UnitRef | null;
  itemTitle(itemId: string): string;
}

/**
 * The names of a plan's codes from its file and the people holding its seats now (`holders`, by seat: a role of the
 * whole plan has unitId ''). A seat nobody holds in the staff table is named by the plan file's person, if it names one.
 */
export function planNames(spec: PlanSpec, holders: { roleKey: string; unitId: string; displayName: string }[]): PlanNames {
  const bySeat = new Map<string, string[]>();
  for (const h of holders) bySeat.set(`${h.roleKey}@${h.unitId}`, [...(bySeat.get(`${h.roleKey}@${h.unitId}`) ?? []), h.displayName]);
  const units = new Map(spec.orgUnits.map((u) => [u.id, u.name]));
  const items = new Map(spec.items.map((i) => [i.id, i.title]));
  return {
    role(roleKey, unitId) {
      const r = spec.roles[roleKey];
      const seat = bySeat.get(`${roleKey}@${r?.fanOut ? (unitId ?? '') : ''}`) ?? [];
      const fromFile = r?.person && r.person !== r.title && !r.fanOut ? [r.person] : [];
      return { roleKey, title: r?.title ?? roleKey, holders: seat.length ? seat : fromFile };
    },
    unit: (unitId) => (unitId ? { id: unitId, name: units.get(unitId) ?? unitId } : null),
    itemTitle: (itemId) => items.get(itemId) ?? itemId,
  };
}

/** The names a person reads beside a step's codes: assignee and approver (title, holders), village, item title. */
export const stepNames = (s: Pick<StepRow, 'assignee' | 'approver' | 'unitId' | 'itemId'>, names: PlanNames) => ({
  assigneeRole: names.role(s.assignee, s.unitId),
  approverRole: s.approver ? names.role(s.approver, s.unitId) : null,
  village: names.unit(s.unitId),
  itemTitle: names.itemTitle(s.itemId),
});

export const toStepView = (s: StepRow, late?: LatenessContext, names?: PlanNames) => ({
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
  ...(names ? stepNames(s, names) : {}),
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

/**
 * A submission as the step page shows it: the note, who sent it and when, the links, and the files with their size
 * and the API path that downloads each (GET …/files/{fileId}).
 */
export const toSubmissionView = (planId: string, stepId: string, e: ReturnType<typeof toEventView>) => ({
  version: e.evidence?.version ?? 1,
  note: e.note,
  by: e.by,
  at: e.at,
  atVi: e.atVi,
  atPlan: e.atPlan,
  atPlanVi: e.atPlanVi,
  links: e.evidence?.links ?? [],
  files: (e.evidence?.files ?? []).map((f) => ({
    ...f,
    href: `/api/v1/plans/${encodeURIComponent(planId)}/steps/${encodeURIComponent(stepId)}/files/${encodeURIComponent(f.id)}`,
  })),
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
