import { Inject, Injectable } from '@nestjs/common';
import { PlanRepository, StaffRepository, type StepRow } from '#libs/database/src/index.js';
import { DomainError, holdsRole, roleForDuty, stepManagers, type ActedBy, type StepDuty } from '#libs/domain/src/index.js';
import type { Actor } from '../common/actor.decorator.js';

/** The role someone acts in: the one the header names, or of a signed-in user's roles in the plan the one the action asks for. */
@Injectable()
export class ActorRolesService {
  constructor(
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StaffRepository) private readonly staff: StaffRepository,
  ) {}

  async forStep(actor: Actor, step: StepRow, duty: StepDuty): Promise<string> {
    return (await this.signedForStep(actor, step, duty)).role;
  }

  /**
   * The role, and who acts in it: the signed-in person (marked with the delegation when the role is theirs only by
   * one), or for the header the person who holds the role now (from the memberships, else the plan file's holder).
   */
  async signedForStep(actor: Actor, step: StepRow, duty: StepDuty): Promise<{ role: string; by: ActedBy }> {
    if ('role' in actor) return { role: actor.role, by: await this.headerHolder(step.planId, actor.role, step.unitId) };
    const plan = await this.plans.find(step.planId);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan ${step.planId}`);
    const held = await this.staff.memberships(actor.user.id, step.planId);
    const r = roleForDuty(
      held,
      {
        assignee: step.assignee,
        approver: step.approver,
        unitId: step.unitId,
        managers: stepManagers(plan.spec.policies.approval, step.approver),
      },
      duty,
    );
    if ('code' in r) throw new DomainError(r.code, r.message);
    const own = held.filter((m) => !m.delegation);
    const delegation = holdsRole(own, r.role, step.unitId)
      ? undefined
      : held.find((m) => m.delegation && m.roleKey === r.role && (m.unitId === null || m.unitId === step.unitId))?.delegation;
    const { id: userId, displayName: name, email } = actor.user;
    return { role: r.role, by: { kind: 'user', userId, name, email, ...(delegation ? { delegation } : {}) } };
  }

  /** Whom the development header stands for: the role's current holder (the village's for a village role). */
  private async headerHolder(planId: string, roleKey: string, unitId: string | null): Promise<ActedBy> {
    const h =
      (await this.staff.holdings(planId, roleKey, unitId, new Date()))[0] ??
      (unitId ? undefined : (await this.staff.holdings(planId, roleKey, null, new Date()))[0]);
    if (h) return { kind: 'header', userId: h.userId, name: h.displayName, email: h.email };
    const role = (await this.plans.find(planId))?.spec.roles[roleKey];
    return { kind: 'header', userId: null, name: role?.person || role?.title || roleKey, email: role?.email ?? null };
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
