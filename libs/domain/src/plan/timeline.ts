import type { CalendarYearData, WorkingCalendar } from '../calendar/index.js';
import { realTimeAt, type PlanClock } from '../clock.js';
import { startOfLocalDay } from '../local-date.js';
import { expandInstances, type StepInstance } from './expand-instances.js';
import { MONITORING_BODY, allSteps, monitoringBodyOn, type PlanSpec } from './plan.js';

export type TimelineKind = 'reminder' | 'escalation' | 'approval-escalation';

export interface TimelineEvent {
  kind: TimelineKind;
  date: string;
  to: string;
  offsetWd: number;
  mode: 'mail' | 'digest';
}

/**
 * The reminders and escalations of an instance if nobody acts, as local dates (all working days):
 * reminders T-n working days before the effective due date (none before the step starts), escalations n working
 * days after it along the step's chain (the monitoring body resolved on the day; never to the assignee), and the
 * approver's breach date if
 * the result were submitted on the due date.
 */
export function instanceTimeline(plan: PlanSpec, cal: WorkingCalendar, inst: StepInstance): TimelineEvent[] {
  const step = allSteps(plan).find((s) => s.id === inst.stepId);
  const events: TimelineEvent[] = [];
  const offsets = [...new Set(step?.remindersWd ?? plan.policies.remindersBeforeWd)].sort((a, b) => a - b);
  for (const offsetWd of offsets) {
    const date = cal.add(inst.dueEffective, offsetWd);
    if (inst.start && date < inst.start) continue;
    events.push({ kind: 'reminder', date, to: inst.assignee, offsetWd, mode: 'mail' });
  }
  for (const rung of plan.policies.chains[inst.chain] ?? []) {
    const date = cal.add(inst.dueEffective, rung.afterWd);
    const to = rung.to === MONITORING_BODY ? (monitoringBodyOn(plan, date) ?? MONITORING_BODY) : rung.to;
    if (to === inst.assignee) continue; // a step of the vice-chairman escalates above the vice-chairman
    events.push({ kind: 'escalation', date, to, offsetWd: rung.afterWd, mode: rung.mode });
  }
  if (inst.approver) {
    const sla = plan.policies.approval;
    events.push({
      kind: 'approval-escalation',
      date: cal.add(inst.dueEffective, sla.slaWd),
      to: sla.onBreachTo,
      offsetWd: sla.slaWd,
      mode: 'mail',
    });
  }
  return events.sort((a, b) => a.date.localeCompare(b.date) || a.offsetWd - b.offsetWd);
}

export interface PlanPreview {
  plan: string;
  steps: {
    id: string;
    unit: string | null;
    period: string | null;
    assignee: string;
    due: string;
    events: { kind: TimelineKind; date: string; to: string }[];
  }[];
  triggered: string[];
}

export function previewPlan(plan: PlanSpec, cal: WorkingCalendar): PlanPreview {
  return {
    plan: plan.id,
    steps: expandInstances(plan, cal).map((i) => ({
      id: i.stepId,
      unit: i.unit,
      period: i.period,
      assignee: i.assignee,
      due: i.dueEffective,
      events: instanceTimeline(plan, cal, i).map(({ kind, date, to }) => ({ kind, date, to })),
    })),
    triggered: allSteps(plan)
      .filter((s) => s.trigger)
      .map((s) => s.id),
  };
}

/** The calendar a plan runs on: the shipped state calendar plus the days the plan file adds. */
export function planCalendarYears(plan: Pick<PlanSpec, 'id' | 'calendar'>): CalendarYearData[] {
  const years = new Map<number, CalendarYearData>();
  const yearOf = (d: string) => {
    const y = Number(d.slice(0, 4));
    if (!years.has(y)) years.set(y, { year: y, daysOff: [], makeupWorkingDays: [], source: `plan ${plan.id}` });
    return years.get(y)!;
  };
  for (const d of plan.calendar.daysOff) yearOf(d.from).daysOff.push({ ...d });
  for (const m of plan.calendar.makeupWorkingDays) yearOf(m.date).makeupWorkingDays.push({ ...m });
  return [...years.values()];
}

/** Notices go out at 08:00 local time of their (working) day, when the commune office opens. */
export const NOTICE_HOUR = 8;
export const noticeInstant = (date: string): Date => new Date(startOfLocalDay(date).getTime() + NOTICE_HOUR * 3600_000);

/**
 * When an approval that has waited too long escalates: the approver has `slaWd` working days after the day of the
 * submission; the escalation goes out the next working day at the notice hour.
 */
export const approvalEscalationDate = (cal: WorkingCalendar, submittedOn: string, slaWd: number): string => cal.add(submittedOn, slaWd + 1);

/** A reminder or escalation with the real instant it is due, as a step workflow receives it. */
export interface TimedNoticeSpec {
  kind: 'reminder' | 'escalation';
  to: string;
  offsetWd: number;
  date: string;
  mode: 'mail' | 'digest';
  atReal: string;
}

/** The spread a province plan uses: a day's notices over 08:00–09:59. */
export const NOTICE_SPREAD_MIN = 120;

/**
 * The minute after the notice hour at which an instance's notices go out when the plan spreads them over
 * `spreadMin` minutes: fixed per plan and instance (FNV-1a of both), so a province's thousands of reminders of one
 * day are spread over the morning instead of all firing at 08:00, and a restarted run sends each at the same instant.
 */
export function noticeOffsetMs(planId: string, instanceKey: string, spreadMin: number): number {
  if (!(spreadMin > 0)) return 0;
  let h = 0x811c9dc5;
  for (const ch of `${planId}/${instanceKey}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % Math.floor(spreadMin)) * 60_000;
}

/** The plan-time instant an instance's notice of `date` goes out at: the notice hour plus its own offset. */
export const instanceNoticeInstant = (plan: Pick<PlanSpec, 'id' | 'policies'>, instanceKey: string, date: string): Date =>
  new Date(noticeInstant(date).getTime() + noticeOffsetMs(plan.id, instanceKey, plan.policies.noticeSpreadMin ?? 0));

/**
 * The reminders and escalations of an instance as real instants on a plan-run clock, leaving out those already past
 * at `now` (a rehearsal begun mid-plan, an extension granted late). The approval escalation depends on when the
 * result comes in and is computed then.
 */
export function timedNotices(plan: PlanSpec, cal: WorkingCalendar, inst: StepInstance, clock: PlanClock, now: Date): TimedNoticeSpec[] {
  return instanceTimeline(plan, cal, inst)
    .filter((e): e is TimelineEvent & { kind: TimedNoticeSpec['kind'] } => e.kind !== 'approval-escalation')
    .map((e) => ({
      kind: e.kind,
      to: e.to,
      offsetWd: e.offsetWd,
      date: e.date,
      mode: e.mode,
      atReal: realTimeAt(clock, instanceNoticeInstant(plan, inst.key, e.date)).toISOString(),
    }))
    .filter((e) => Date.parse(e.atReal) >= now.getTime());
}
