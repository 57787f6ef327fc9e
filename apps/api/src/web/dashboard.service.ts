import { Inject, Injectable } from '@nestjs/common';
import { PlanRepository, StaffRepository, type SignedInUser } from '../../../../libs/database/src/index.js';
import { DomainError, localDateOf, planTimeAt, STATUS_BUCKETS, type PlanSpec } from '../../../../libs/domain/src/index.js';
import { PlansService } from '../plans/plans.service.js';
import { onTimePercent, percentComplete, totalOf, type BucketCounts } from './dashboard.js';

/** Bucket counts out of a plan summary's `buckets`. */
export const countsOf = (buckets: Record<string, { count: number }>): BucketCounts =>
  Object.fromEntries(STATUS_BUCKETS.map((b) => [b, buckets[b]?.count ?? 0])) as BucketCounts;

/** The figures of the commune dashboard (a plan page) and of the monitoring body's page over plans; counts come from the roll-ups. */
@Injectable()
export class DashboardService {
  constructor(
    @Inject(PlansService) private readonly summaries: PlansService,
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StaffRepository) private readonly staff: StaffRepository,
  ) {}

  /** The plan's file (item titles, village names) and today in plan time (null before its run starts). */
  async planFrame(planId: string, now = new Date()): Promise<{ spec: PlanSpec; today: string | null }> {
    const plan = await this.plans.find(planId);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan ${planId}`);
    return { spec: plan.spec, today: plan.clock ? localDateOf(planTimeAt(plan.clock, now)) : null };
  }

  /** One row per plan the user holds a role in: % complete, on-time %, overdue steps. */
  async monitored(user: SignedInUser) {
    const mine = new Set((await this.staff.memberships(user.id)).map((m) => m.planId));
    const plans = (await this.summaries.list()).filter((p) => mine.has(p.id));
    return plans.map((p) => {
      const counts = countsOf(p.buckets);
      return {
        id: p.id, title: p.title, number: p.number, issuer: p.issuer, runStartedAt: p.runStartedAt,
        steps: totalOf(counts), counts, percentComplete: percentComplete(counts), onTime: onTimePercent(counts), overdue: counts.open_overdue,
      };
    });
  }
}

export type MonitoredPlan = Awaited<ReturnType<DashboardService['monitored']>>[number];
