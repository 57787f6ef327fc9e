import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { PlanRepository, StaffRepository, StepRepository, type PlanRow } from '#libs/database/src/index.js';
import {
  formatViDate,
  latenessOf,
  outsideRoles,
  planCalendarYears,
  STATUS_BUCKETS,
  validOn,
  WorkingCalendar,
  type StatusBucket,
} from '#libs/domain/src/index.js';
import { planDate, principalOf, visiblePlans, type RequestPrincipal } from '../auth/access.service.js';
import { vi } from '../i18n/vi.js';
import { emptyCounts, sumBy, type BucketCounts } from '../plans/figures.js';
import { groupFigures, timeBaseView } from '../plans/plan-dashboard.service.js';
import { PlansService } from '../plans/plans.service.js';
import { csvField } from '../reports/step-table.js';

/** At most this many overdue steps are listed (and exported); `overdueTotal` always says how many there are. */
export const MAX_OVERDUE_ROWS = 2000;

const addInto = (into: BucketCounts, c: BucketCounts) => {
  for (const b of STATUS_BUCKETS) into[b] += c[b];
  return into;
};

/**
 * Whether `p` watches `plan` as its monitoring body: a signed-in user (or the development header's role) holding a
 * role of a unit outside the plan's commune, valid on the plan's date; an API token (an outside system) for every plan
 * it may read. A commune's own staff do not monitor their plan: they run it.
 */
export function watches(p: RequestPrincipal, plan: PlanRow, heldRoles: string[]): boolean {
  if (p.kind === 'token') return true;
  const outside = outsideRoles(plan.spec);
  const date = planDate(plan);
  const roles = p.kind === 'role' ? [p.roleKey] : heldRoles;
  return roles.some((r) => outside.has(r) && !!plan.spec.roles[r] && validOn(plan.spec.roles[r], date));
}

/**
 * Giám sát: for the monitoring body (the district's, later the province's staff), the communes' plans it watches
 * with their progress, the steps overdue across all of them (by name: commune, village, assignee; days overdue), and
 * the figures per commune and per village. Counts come from the roll-ups; the overdue list from the steps' bucket.
 */
@Injectable()
export class MonitoringService {
  constructor(
    @Inject(PlansService) private readonly summaries: PlansService,
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StepRepository) private readonly steps: StepRepository,
    @Inject(StaffRepository) private readonly staff: StaffRepository,
  ) {}

  /** The plans the request's principal may read (the guard decided) and watches from outside the commune. */
  private async watched(req: Request): Promise<PlanRow[]> {
    const p = principalOf(req);
    if (!p) return [];
    const readable = visiblePlans(req, await this.plans.list());
    const held = p.kind === 'user' ? await this.staff.memberships(p.user.id) : [];
    return readable.filter((plan) =>
      watches(
        p,
        plan,
        held.filter((m) => m.planId === plan.id).map((m) => m.roleKey),
      ),
    );
  }

  async overview(req: Request, now = new Date()) {
    const plans = await this.watched(req);
    const perPlan = await Promise.all(plans.map((plan) => this.planFigures(plan, now)));
    const communes = new Map<string, { communeId: string; name: string; plans: number; counts: BucketCounts }>();
    for (const p of perPlan) {
      const c =
        communes.get(p.commune.id) ??
        communes.set(p.commune.id, { communeId: p.commune.id, name: p.commune.name, plans: 0, counts: emptyCounts() }).get(p.commune.id)!;
      c.plans++;
      addInto(c.counts, p.counts);
    }
    const overdue = perPlan
      .flatMap((p) => p.overdue)
      .sort((a, b) => b.late.calendarDays - a.late.calendarDays || a.planId.localeCompare(b.planId) || a.stepId.localeCompare(b.stepId));
    return {
      plans: perPlan.map(({ overdue: _o, byVillage: _v, counts, ...p }) => ({ ...p, ...groupFigures(counts) })),
      overdueTotal: perPlan.reduce((n, p) => n + p.overdueTotal, 0),
      overdue: overdue.slice(0, MAX_OVERDUE_ROWS),
      byCommune: [...communes.values()].map(({ counts, ...c }) => ({ ...c, ...groupFigures(counts) })),
      byVillage: perPlan.flatMap((p) => p.byVillage),
    };
  }

  private async planFigures(plan: PlanRow, now: Date) {
    const [rollup, byItemUnit, overdueRows, names] = await Promise.all([
      this.steps.rollup(plan.id),
      this.steps.rollupByItemUnit(plan.id),
      this.steps.inBucket(plan.id, 'open_overdue', MAX_OVERDUE_ROWS),
      this.summaries.names(plan),
    ]);
    const counts = Object.fromEntries(STATUS_BUCKETS.map((b) => [b, rollup[b]])) as Record<StatusBucket, number>;
    const timeBase = timeBaseView(plan, now);
    const cal = WorkingCalendar.vietnam(planCalendarYears(plan.spec));
    const commune = { id: plan.spec.issuer.id, name: plan.spec.issuer.name };
    return {
      id: plan.id,
      number: plan.number,
      title: plan.title,
      year: plan.year,
      commune,
      runStartedAt: plan.runStartedAt,
      timeBase,
      counts,
      overdueTotal: counts.open_overdue,
      overdue: overdueRows.map((s) => ({
        planId: plan.id,
        planNumber: plan.number,
        planTitle: plan.title,
        commune,
        stepId: s.stepId,
        title: s.title,
        itemId: s.itemId,
        itemTitle: names.itemTitle(s.itemId),
        village: names.unit(s.unitId),
        assignee: names.role(s.assignee, s.unitId),
        dueDate: s.dueDate,
        dueDateVi: formatViDate(s.dueDate),
        extendedDueDate: s.extendedDueDate,
        late: latenessOf(cal, s.dueDate, new Date(timeBase.now)),
      })),
      byVillage: sumBy(byItemUnit, (r) => r.unitId || null).map((r) => ({
        commune,
        planId: plan.id,
        unitId: r.key,
        name: names.unit(r.key)?.name ?? r.key,
        ...groupFigures(r.counts),
      })),
    };
  }

  /** The overdue list as CSV (UTF-8 with BOM, Vietnamese headers, dates dd/mm/yyyy), most overdue first. */
  async overdueCsv(req: Request, now = new Date()): Promise<{ filename: string; body: Buffer }> {
    const o = await this.overview(req, now);
    const h = vi.api.monitoringCsv;
    const rows: (string | number)[][] = [
      [h.no, h.commune, h.plan, h.id, h.title, h.item, h.village, h.assignee, h.holders, h.due, h.lateWorkingDays, h.lateCalendarDays],
      ...o.overdue.map((s, i) => [
        i + 1,
        s.commune.name,
        `${s.planNumber} – ${s.planTitle}`,
        s.stepId,
        s.title,
        s.itemTitle,
        s.village?.name ?? '',
        s.assignee.title,
        s.assignee.holders.join('; '),
        s.dueDateVi,
        s.late.workingDays,
        s.late.calendarDays,
      ]),
    ];
    const body = '\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
    return { filename: `giam-sat-qua-han-${now.toISOString().slice(0, 10)}.csv`, body: Buffer.from(body, 'utf8') };
  }
}
