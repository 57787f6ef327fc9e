import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PlanRepository, StepRepository } from '../../../../libs/database/src/index.js';
import { DomainError } from '../../../../libs/domain/src/index.js';
import { toPlanSummary, toStepView } from './plan-views.js';

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
    const [rollup, byState, steps] = await Promise.all([this.steps.rollup(planId), this.steps.countByState(planId), this.steps.list(planId)]);
    return { ...toPlanSummary(plan, rollup), byState, steps: steps.map(toStepView) };
  }

  async roles(planId: string) {
    const plan = await this.plans.find(planId);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan ${planId}`);
    return Object.values(plan.spec.roles);
  }
}
