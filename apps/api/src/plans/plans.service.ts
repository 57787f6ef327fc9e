import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PlanRepository, StepRepository } from '../../../../libs/database/src/index.js';
import { DomainError, planCalendarYears, planTimeAt, WorkingCalendar } from '../../../../libs/domain/src/index.js';
import { caseKpis } from '../cases/cases.service.js';
import { toPlanSummary, toStepProgress, toStepView } from './plan-views.js';

@Injectable()
export class PlansService {
  private readonly plans: PlanRepository;
  private readonly steps: StepRepository;
  constructor(@Inject(DataSource) ds: DataSource) {
    this.plans = new PlanRepository(ds);
    this.steps = new StepRepository(ds);
  }

  async list() {
    const plans = await this.plans.list();
    return Promise.all(plans.map(async (p) => toPlanSummary(p, await this.steps.rollup(p.id))));
  }

  async status(planId: string) {
    const plan = await this.plans.find(planId);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan ${planId}`);
    const [rollup, byItemUnit, byState, steps] = await Promise.all([
      this.steps.rollup(planId), this.steps.rollupByItemUnit(planId), this.steps.countByState(planId), this.steps.list(planId),
    ]);
    const late = { cal: WorkingCalendar.vietnam(planCalendarYears(plan.spec)), planNow: plan.clock ? planTimeAt(plan.clock, new Date()) : new Date() };
    return { ...toPlanSummary(plan, rollup), byState, byItemUnit, progress: toStepProgress(steps), cases: caseKpis(steps), steps: steps.map((s) => toStepView(s, late)) };
  }

  async roles(planId: string) {
    const plan = await this.plans.find(planId);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan ${planId}`);
    return Object.values(plan.spec.roles);
  }
}
