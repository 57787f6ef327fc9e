import {
  latenessOf, localDateOf, planTimeAt, startOfLocalDay, STATUS_BUCKETS, type Lateness, type PlanClock, type StatusBucket, type StepBucket, type StepState, type WorkingCalendar,
} from '#libs/domain/src/index.js';

// The figures of a plan (and of the plans a monitoring body watches): pure functions over the roll-ups and the step
// rows, shared by the API's dashboard and monitoring answers and the server-rendered pages.

/** Counts per official bucket (cancelled steps are outside the statistic and ignored here). */
export type BucketCounts = Record<StatusBucket, number>;

/** What a person sees a step as: the official bucket, or "waiting for approval" / "returned" while it is in those states. */
export type DisplayBucket = StatusBucket | 'awaiting' | 'returned' | 'cancelled';

export const displayBucketOf = (s: { state: StepState; bucket: StepBucket }): DisplayBucket =>
  s.state === 'submitted' ? 'awaiting' : s.state === 'returned' ? 'returned' : s.bucket;

export const emptyCounts = (): BucketCounts => ({ completed_on_time: 0, completed_late: 0, open_on_time: 0, open_overdue: 0 });

export const totalOf = (c: BucketCounts): number => STATUS_BUCKETS.reduce((n, b) => n + c[b], 0);

const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

/** Completed (on time or late) over every step of the statistic; null without steps. */
export const percentComplete = (c: BucketCounts): number | null => percent(c.completed_on_time + c.completed_late, totalOf(c));

/**
 * On time: completed on time over the steps that are done or should have been (completed either way, or open past
 * their due date). A plan with nothing due yet has none (null), not 0 % or 100 %.
 */
export const onTimePercent = (c: BucketCounts): number | null => percent(c.completed_on_time, c.completed_on_time + c.completed_late + c.open_overdue);

/** "25%", "33,3%" (Vietnamese decimal comma), or "—" when there is nothing to count. */
export const formatPercent = (p: number | null): string => (p === null ? '—' : `${String(p).replace('.', ',')}%`);

const addCounts = (into: BucketCounts, c: Partial<Record<StepBucket, number>>) => {
  for (const b of STATUS_BUCKETS) into[b] += c[b] ?? 0;
  return into;
};

/** Roll-up rows (item × unit) summed by a key; rows whose key is null are left out. Keys keep their first-seen order. */
export function sumBy(
  rows: { itemId: string; unitId: string; counts: Partial<Record<StepBucket, number>> }[],
  key: (r: { itemId: string; unitId: string }) => string | null,
): { key: string; counts: BucketCounts }[] {
  const by = new Map<string, BucketCounts>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    addCounts(by.get(k) ?? by.set(k, emptyCounts()).get(k)!, r.counts);
  }
  return [...by.entries()].map(([k, counts]) => ({ key: k, counts }));
}

/** The Monday (local date) of the week a local date falls in. */
export function weekStartOf(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** Completions per week (Monday to Sunday, plan time, Vietnam dates), split on time / late, in date order without gaps. */
export function weeklyCompletions(steps: { bucket: StepBucket; completedAtPlan: Date | string | null }[]): { week: string; onTime: number; late: number }[] {
  const by = new Map<string, { onTime: number; late: number }>();
  for (const s of steps) {
    if (!s.completedAtPlan || (s.bucket !== 'completed_on_time' && s.bucket !== 'completed_late')) continue;
    const week = weekStartOf(localDateOf(new Date(s.completedAtPlan)));
    const w = by.get(week) ?? by.set(week, { onTime: 0, late: 0 }).get(week)!;
    if (s.bucket === 'completed_on_time') w.onTime++;
    else w.late++;
  }
  const weeks = [...by.keys()].sort();
  if (!weeks.length) return [];
  const out: { week: string; onTime: number; late: number }[] = [];
  for (let w = weeks[0]; w <= weeks[weeks.length - 1]; w = addDays(w, 7)) out.push({ week: w, ...(by.get(w) ?? { onTime: 0, late: 0 }) });
  return out;
}

export const addDays = (isoDate: string, n: number): string => {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/**
 * How an open step stands on a plan day: working days left until its due date (0 on the day itself), or how late it is
 * (as the status API counts it: working and calendar days after the due date).
 */
export function timeLeft(cal: WorkingCalendar, due: string, today: string): { left: number } | { late: Lateness } {
  if (today <= due) return { left: cal.workingDaysBetween(today, due) };
  return { late: latenessOf(cal, due, startOfLocalDay(today)) };
}

const nextMonth = (ym: string): string => {
  const [y, m] = ym.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/**
 * Per month (YYYY-MM, Vietnam dates, plan time), in order without gaps: the steps due that month (by their original
 * due date; cancelled ones left out) and the steps completed that month, on time or late.
 */
export function monthlyFigures(
  steps: { bucket: StepBucket; dueDate: string; completedAtPlan: Date | string | null }[],
): { month: string; due: number; completedOnTime: number; completedLate: number }[] {
  const by = new Map<string, { due: number; completedOnTime: number; completedLate: number }>();
  const at = (month: string) => by.get(month) ?? by.set(month, { due: 0, completedOnTime: 0, completedLate: 0 }).get(month)!;
  for (const s of steps) {
    if (s.bucket === 'cancelled') continue;
    at(s.dueDate.slice(0, 7)).due++;
    if (s.completedAtPlan && (s.bucket === 'completed_on_time' || s.bucket === 'completed_late')) {
      const m = at(localDateOf(new Date(s.completedAtPlan)).slice(0, 7));
      if (s.bucket === 'completed_on_time') m.completedOnTime++;
      else m.completedLate++;
    }
  }
  const months = [...by.keys()].sort();
  if (!months.length) return [];
  const out: { month: string; due: number; completedOnTime: number; completedLate: number }[] = [];
  for (let m = months[0]; m <= months[months.length - 1]; m = nextMonth(m)) out.push({ month: m, ...(by.get(m) ?? { due: 0, completedOnTime: 0, completedLate: 0 }) });
  return out;
}

/**
 * The one time base a page of a plan shows: plan time when the plan runs on a rehearsal clock (another date or
 * another speed than real time), else real time. `today` is the local date in that base.
 */
export function timeBaseOf(clock: PlanClock | null, now: Date): { kind: 'plan' | 'real'; now: Date; today: string } {
  const rehearsal = !!clock && (clock.speed !== 1 || Math.abs(Date.parse(clock.planEpoch) - Date.parse(clock.realEpoch)) >= 60_000);
  const at = clock ? planTimeAt(clock, now) : now;
  return { kind: rehearsal ? 'plan' : 'real', now: at, today: localDateOf(at) };
}
