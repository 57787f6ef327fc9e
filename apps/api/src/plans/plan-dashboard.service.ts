import { Inject, Injectable } from '@nestjs/common';
import { RunningPlans, StepRepository, type PlanRow, type StepRow } from '#libs/database/src/index.js';
import { DomainError, formatViDate, STATUS_BUCKETS, type StatusBucket } from '#libs/domain/src/index.js';
import { viLabels } from '#libs/mail/src/index.js';
import { fill, vi } from '../i18n/vi.js';
import {
  displayBucketOf, monthlyFigures, onTimePercent, percentComplete, sumBy, timeBaseOf, totalOf, weeklyCompletions, type BucketCounts, type DisplayBucket,
} from './figures.js';
import { toBucketCounts, type PlanNames } from './plan-views.js';
import { PlansService } from './plans.service.js';

/** A bucket a person sees (the official four, or waiting for approval / returned / cancelled) in Vietnamese. */
export const displayLabelOf = (d: DisplayBucket): string => (d === 'awaiting' || d === 'returned' || d === 'cancelled' ? vi.web.display[d] : viLabels().buckets[d]);

/** The figures of one group of steps (an item, a village, a commune): counts per bucket, % complete, % on time, overdue. */
export const groupFigures = (counts: BucketCounts) => ({
  total: totalOf(counts),
  counts,
  percentComplete: percentComplete(counts),
  onTimePercent: onTimePercent(counts),
  overdue: counts.open_overdue,
});

/** The time base of a plan's pages, with the sentence that says which it is. */
export function timeBaseView(plan: Pick<PlanRow, 'clock'>, now: Date) {
  const t = timeBaseOf(plan.clock, now);
  return { kind: t.kind, now: t.now.toISOString(), today: t.today, todayVi: formatViDate(t.today), label: fill(vi.api.timeBase[t.kind], { date: formatViDate(t.today) }) };
}

const monthLabel = (ym: string) => fill(vi.api.month, { mm: ym.slice(5, 7), yyyy: ym.slice(0, 4) });

/**
 * The plan dashboard as data (GET /api/v1/plans/{planId}/dashboard): what the plan page's charts show — counts per
 * bucket, per item, per village, per month and week — the rows of a Gantt (item → steps with start, due, state and the
 * assignee's title), in one time base (plan time in a rehearsal, else real time). Counts come from the roll-ups.
 */
@Injectable()
export class PlanDashboardService {
  constructor(
    @Inject(RunningPlans) private readonly running: RunningPlans,
    @Inject(PlansService) private readonly plans: PlansService,
    @Inject(StepRepository) private readonly steps: StepRepository,
  ) {}

  async dashboard(planId: string, now = new Date()) {
    const plan = await this.running.find(planId);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan ${planId}`);
    const [rollup, byItemUnit, steps, names] = await Promise.all([
      this.steps.rollup(planId), this.steps.rollupByItemUnit(planId), this.steps.list(planId), this.plans.names(plan),
    ]);
    const counts = Object.fromEntries(STATUS_BUCKETS.map((b) => [b, rollup[b]])) as Record<StatusBucket, number>;
    return {
      plan: { id: plan.id, number: plan.number, title: plan.title, issuer: plan.issuerName, year: plan.year },
      runStartedAt: plan.runStartedAt,
      timeBase: timeBaseView(plan, now),
      totals: { ...groupFigures(counts), cancelled: rollup.cancelled ?? 0, buckets: toBucketCounts(counts) },
      byItem: sumBy(byItemUnit, (r) => r.itemId).map((r) => ({ itemId: r.key, title: names.itemTitle(r.key), ...groupFigures(r.counts) })),
      byVillage: sumBy(byItemUnit, (r) => r.unitId || null).map((r) => ({ unitId: r.key, name: names.unit(r.key)?.name ?? r.key, ...groupFigures(r.counts) })),
      byMonth: monthlyFigures(steps).map((m) => ({ ...m, label: monthLabel(m.month) })),
      byWeek: weeklyCompletions(steps).map((w) => ({ ...w, label: fill(vi.api.weekOf, { date: formatViDate(w.week) }) })),
      gantt: ganttRows(steps, names),
    };
  }
}

/** Item → its steps in item order, each with its dates, state, the bucket a person sees, its assignee and village by name. */
export function ganttRows(steps: StepRow[], names: PlanNames) {
  const items = new Map<string, ReturnType<typeof ganttStep>[]>();
  for (const s of steps) items.set(s.itemId, [...(items.get(s.itemId) ?? []), ganttStep(s, names)]);
  return [...items.entries()].map(([itemId, rows]) => ({ itemId, title: names.itemTitle(itemId), steps: rows }));
}

const ganttStep = (s: StepRow, names: PlanNames) => {
  const display = displayBucketOf(s);
  return {
    stepId: s.stepId,
    title: s.title,
    startDate: s.startDate,
    dueDate: s.dueDate,
    dueDateVi: formatViDate(s.dueDate),
    extendedDueDate: s.extendedDueDate,
    state: s.state,
    stateLabel: viLabels().states[s.state],
    bucket: s.bucket,
    display,
    displayLabel: displayLabelOf(display),
    assignee: names.role(s.assignee, s.unitId),
    village: names.unit(s.unitId),
  };
};
