// Digests: a weekly summary of a plan run for the monitoring body, and a daily mail for a person whose role opted in
// (`digest: daily`) that replaces their separate reminders. Pure: dates are local dates, "now" is a parameter.
import type { WorkingCalendar } from './calendar/index.js';
import { latenessOf } from './lateness.js';
import { allSteps, DEFAULT_CHAIN, monitoringBodyOn, type PlanSpec } from './plan/plan.js';
import type { StepInstance } from './plan/expand-instances.js';
import { instanceTimeline, noticeInstant } from './plan/timeline.js';
import { bucketOf, STATUS_BUCKETS, type StatusBucket, type StepState } from './status.js';

const DAY_MS = 86_400_000;

/** The local date n calendar days after (n < 0: before) a local date. */
export const addCalendarDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** 0 for Monday … 6 for Sunday. */
const isoWeekday = (date: string): number => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

/** The ISO 8601 week of a local date, `YYYY-Www`; the year is the one the week's Thursday falls in (2024-12-30 is 2025-W01). */
export function isoWeekOf(date: string): string {
  const thursday = addCalendarDays(date, 3 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((Date.parse(`${thursday}T00:00:00Z`) - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The first working day of the (Monday to Sunday) week of a date: Monday, or later when Monday is a day off; none in a week off. */
export function firstWorkingDayOfWeek(cal: WorkingCalendar, date: string): string | undefined {
  const monday = addCalendarDays(date, -isoWeekday(date));
  for (let i = 0; i < 7; i++) {
    const d = addCalendarDays(monday, i);
    if (cal.isWorkingDay(d)) return d;
  }
  return undefined;
}

/** A day on which digests go out, at the notice hour (08:00): the weekly one, the daily ones, or both. */
export interface DigestDate {
  date: string;
  /** ISO week of the date, e.g. 2023-W18: the weekly digest's idempotency key. */
  week: string;
  weekly: boolean;
  daily: boolean;
}

/**
 * The digest days from `from` to `until` (local dates, both included): the weekly digest on the first working day of
 * each week (never a rest day; a make-up Saturday counts when it is the week's first working day; a week without a
 * working day has none), and with `daily` a digest on every working day.
 */
export function digestDates(cal: WorkingCalendar, from: string, until: string, o: { daily: boolean }): DigestDate[] {
  const out: DigestDate[] = [];
  for (let date = from; date <= until; date = addCalendarDays(date, 1)) {
    if (!cal.isWorkingDay(date)) continue;
    const weekly = firstWorkingDayOfWeek(cal, date) === date;
    if (weekly || o.daily) out.push({ date, week: isoWeekOf(date), weekly, daily: o.daily });
  }
  return out;
}

/** Days after a run's last due date during which the weekly digest still goes out (the late steps' last week). */
export const DIGEST_TAIL_DAYS = 7;

/** What a digest reads of a step row (the database's step row has these fields). */
export interface DigestStepRow {
  stepId: string;
  specStepId: string;
  itemId: string;
  title: string;
  unitId: string | null;
  period: string | null;
  caseId?: string | null;
  assignee: string;
  approver: string | null;
  startDate: string | null;
  dueDate: string;
  extendedDueDate: string | null;
  dueAtPlan: Date | string;
  completedAtPlan: Date | string | null;
  state: StepState;
}

/** The last day digests go out for a run: a week after its last (extended) due date; undefined without steps. */
export function digestWindowEnd(rows: Pick<DigestStepRow, 'dueDate' | 'extendedDueDate'>[]): string | undefined {
  const last = rows
    .map((r) => r.extendedDueDate ?? r.dueDate)
    .sort()
    .at(-1);
  return last && addCalendarDays(last, DIGEST_TAIL_DAYS);
}

/** The roles whose holders take a daily digest instead of separate reminders. */
export const dailyDigestRoles = (plan: PlanSpec): string[] =>
  Object.values(plan.roles)
    .filter((r) => r.digest === 'daily')
    .map((r) => r.key);

/** One step in a digest. */
export interface DigestLine {
  stepId: string;
  title: string;
  assignee: string;
  unitId: string | null;
  period: string | null;
  /** The due date the step is held to now (an extension moves it). */
  dueDate: string;
  /** Working days late by the official (original) due date at the digest's instant; 0 when not late. */
  workingDaysLate: number;
  /** The step has reached a rung of its escalation chain that reports by digest (the monitoring body's). */
  digestRung: boolean;
}

export interface WeeklyDigest {
  date: string;
  week: string;
  /** The monitoring body on that date; undefined when the plan names none for it. */
  recipient: string | undefined;
  counts: Record<StatusBucket, number>;
  /** Of the open steps: waiting for approval, and returned to the assignee. */
  submitted: number;
  returned: number;
  cancelled: number;
  /** Steps that count (cancelled ones leave the statistic). */
  total: number;
  /** Completed (on time or late) of total, one decimal. */
  percentComplete: number;
  /** Open steps past their official due date: those at a digest rung first, then the latest first. */
  overdue: DigestLine[];
  /** Open steps due from the digest's date to `dueSoonUntil`, by due date. */
  dueSoon: DigestLine[];
  dueSoonUntil: string;
}

/** The step instance a row stands for, as the timeline functions take it (the chain and due date it runs on now). */
function instanceOf(plan: PlanSpec, row: DigestStepRow): StepInstance {
  const spec = allSteps(plan).find((s) => s.id === row.specStepId);
  return {
    key: row.stepId,
    stepId: row.specStepId,
    itemId: row.itemId,
    title: row.title,
    unit: row.unitId,
    period: row.period,
    assignee: row.assignee,
    approver: row.approver,
    start: row.startDate ?? undefined,
    due: row.dueDate,
    dueEffective: row.extendedDueDate ?? row.dueDate,
    chain: !row.caseId && spec?.escalation && plan.policies.chains[spec.escalation] ? spec.escalation : DEFAULT_CHAIN,
  };
}

const isDone = (s: StepState) => s === 'completed' || s === 'cancelled';
/** The assignee still owes the result (the step workflow sends reminders only then). */
const isOwed = (s: StepState) => s === 'assigned' || s === 'returned';

function lineOf(plan: PlanSpec, cal: WorkingCalendar, row: DigestStepRow, date: string): DigestLine {
  const at = noticeInstant(date);
  return {
    stepId: row.stepId,
    title: row.title,
    assignee: row.assignee,
    unitId: row.unitId,
    period: row.period,
    dueDate: row.extendedDueDate ?? row.dueDate,
    workingDaysLate: latenessOf(cal, row.dueDate, at).workingDays,
    digestRung: instanceTimeline(plan, cal, instanceOf(plan, row)).some(
      (e) => e.kind === 'escalation' && e.mode === 'digest' && e.date <= date,
    ),
  };
}

const overdueAt = (row: DigestStepRow, date: string) =>
  bucketOf(
    { state: row.state, dueAt: new Date(row.dueAtPlan), completedAt: row.completedAtPlan ? new Date(row.completedAtPlan) : null },
    noticeInstant(date),
  ) === 'open_overdue';

const byLateness = (a: DigestLine, b: DigestLine) =>
  Number(b.digestRung) - Number(a.digestRung) || b.workingDaysLate - a.workingDaysLate || a.stepId.localeCompare(b.stepId);

/**
 * The weekly digest of a run as of 08:00 on `date`: the four official buckets computed at that instant (so a retried
 * or late activity writes the same figures), the open steps waiting for approval or returned, the overdue steps and
 * what falls due in the coming seven days.
 */
export function weeklyDigest(plan: PlanSpec, cal: WorkingCalendar, rows: DigestStepRow[], date: string): WeeklyDigest {
  const at = noticeInstant(date);
  const counts = Object.fromEntries(STATUS_BUCKETS.map((b) => [b, 0])) as Record<StatusBucket, number>;
  let cancelled = 0;
  for (const r of rows) {
    const b = bucketOf(
      { state: r.state, dueAt: new Date(r.dueAtPlan), completedAt: r.completedAtPlan ? new Date(r.completedAtPlan) : null },
      at,
    );
    if (b === 'cancelled') cancelled++;
    else counts[b]++;
  }
  const total = rows.length - cancelled;
  const completed = counts.completed_on_time + counts.completed_late;
  const dueSoonUntil = addCalendarDays(date, 6);
  return {
    date,
    week: isoWeekOf(date),
    recipient: monitoringBodyOn(plan, date),
    counts,
    submitted: rows.filter((r) => r.state === 'submitted').length,
    returned: rows.filter((r) => r.state === 'returned').length,
    cancelled,
    total,
    percentComplete: total ? Math.round((completed / total) * 1000) / 10 : 0,
    overdue: rows
      .filter((r) => overdueAt(r, date))
      .map((r) => lineOf(plan, cal, r, date))
      .sort(byLateness),
    dueSoon: rows
      .filter((r) => !isDone(r.state) && !overdueAt(r, date))
      .filter((r) => {
        const due = r.extendedDueDate ?? r.dueDate;
        return due >= date && due <= dueSoonUntil;
      })
      .map((r) => lineOf(plan, cal, r, date))
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.stepId.localeCompare(b.stepId)),
    dueSoonUntil,
  };
}

/** A reminder in a daily digest: the step and how far its due date is. */
export interface DailyReminder extends DigestLine {
  offsetWd: number;
  workingDaysLeft: number;
  dueToday: boolean;
}

/** One person's daily digest: a role, and for a role held in every village, one village's holder. */
export interface DailyDigest {
  date: string;
  role: string;
  unitId: string | null;
  reminders: DailyReminder[];
  overdue: DigestLine[];
}

/**
 * The daily digests of `date` (a working day): for each holder of a role with `digest: daily`, the reminders their
 * steps' timelines have on that day and their overdue steps, both only while the result is still owed (not
 * submitted). A holder with nothing to hear of gets no digest.
 */
export function dailyDigests(plan: PlanSpec, cal: WorkingCalendar, rows: DigestStepRow[], date: string): DailyDigest[] {
  const roles = new Set(dailyDigestRoles(plan));
  const by = new Map<string, DailyDigest>();
  for (const r of rows) {
    if (!roles.has(r.assignee) || !isOwed(r.state)) continue;
    // A case's emergency step runs on a clock of hours and has no working-day reminders.
    if (r.caseId && !r.approver) continue;
    const reminders: DailyReminder[] = instanceTimeline(plan, cal, instanceOf(plan, r))
      .filter((e) => e.kind === 'reminder' && e.date === date)
      .map((e) => {
        const due = r.extendedDueDate ?? r.dueDate;
        return {
          ...lineOf(plan, cal, r, date),
          offsetWd: e.offsetWd,
          workingDaysLeft: Math.max(0, cal.workingDaysBetween(date, due)),
          dueToday: date >= due,
        };
      });
    const overdue = overdueAt(r, date) ? [lineOf(plan, cal, r, date)] : [];
    if (!reminders.length && !overdue.length) continue;
    const unitId = plan.roles[r.assignee].fanOut ? r.unitId : null;
    const key = `${r.assignee}\u0000${unitId ?? ''}`;
    const d = by.get(key) ?? { date, role: r.assignee, unitId, reminders: [], overdue: [] };
    d.reminders.push(...reminders);
    d.overdue.push(...overdue);
    by.set(key, d);
  }
  return [...by.values()]
    .map((d) => ({
      ...d,
      reminders: d.reminders.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.stepId.localeCompare(b.stepId)),
      overdue: d.overdue.sort(byLateness),
    }))
    .sort((a, b) => a.role.localeCompare(b.role) || (a.unitId ?? '').localeCompare(b.unitId ?? ''));
}
