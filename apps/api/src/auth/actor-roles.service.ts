import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PlanRepository, StaffRepository, type StepRow } from '../../../../libs/database/src/index.js';
import { DomainError, roleForDuty, stepManagers, type StepDuty } from '../../../../libs/domain/src/index.js';
import type { Actor } from '../common/actor.decorator.js';

/** The role someone acts in: the one the header names, or of a signed-in user's roles in the plan the one the action asks for. */
@Injectable()
export class ActorRolesService {
  private readonly plans: PlanRepository;
  private readonly staff: StaffRepository;
  constructor(@Inject(DataSource) ds: DataSource) {
    this.plans = new PlanRepository(ds);
    this.staff = new StaffRepository(ds);
  }

  async forStep(actor: Actor, step: StepRow, duty: StepDuty): Promise<string> {
    if ('role' in actor) return actor.role;
    const plan = await this.plans.find(step.planId);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan ${step.planId}`);
    const held = await this.staff.memberships(actor.user.id, step.planId);
    const r = roleForDuty(held, { assignee: step.assignee, approver: step.approver, unitId: step.unitId, managers: stepManagers(plan.spec.policies.approval, step.approver) }, duty);
    if ('code' in r) throw new DomainError(r.code, r.message);
    return r.role;
  }

  /** Any role of the plan (reporting a case): for a user, preferably their role in the given village. */
  async inPlan(actor: Actor, planId: string, unitId?: string): Promise<string> {
    if ('role' in actor) return actor.role;
    const held = await this.staff.memberships(actor.user.id, planId);
    const pick = held.find((m) => unitId && m.unitId === unitId) ?? held.find((m) => m.unitId === null) ?? held[0];
    if (!pick) throw new DomainError('ACTOR_UNKNOWN', `You hold no role in plan ${planId}`);
    return pick.roleKey;
  }

  /** The roles a signed-in user holds in a plan (the step page shows the forms they may use). */
  async held(userId: string, planId: string) {
    return this.staff.memberships(userId, planId);
  }
}
