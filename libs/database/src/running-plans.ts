import type { EntityManager } from 'typeorm';
import type { PlanRepository, PlanRow } from './repositories/plan.repository.js';
import type { RoleRepository, RoleRow } from './repositories/role.repository.js';

/** A running plan as kept: its row and its roles by key. */
export interface RunningPlan {
  plan: PlanRow;
  roles: Map<string, RoleRow>;
}

/**
 * Plan rows read once per process: a plan whose run has started never changes (its spec and roles are written when it
 * is loaded, its run clock once when the run starts), so it is kept; a plan not yet running is read every time (its
 * clock is still to come). Bounded: the oldest entry goes when `max` plans are kept. The api (access check, status)
 * and the worker (every step transition) share this one rule.
 */
export class RunningPlans {
  private readonly kept = new Map<string, RunningPlan>();

  constructor(
    private readonly plans: PlanRepository,
    private readonly roleRows: RoleRepository,
    private readonly max = 256,
  ) {}

  /** The plan row, kept once its run has started; `m` reads it in the caller's transaction the first time. */
  async find(planId: string, m?: EntityManager): Promise<PlanRow | undefined> {
    const hit = this.kept.get(planId);
    if (hit) return hit.plan;
    const plan = await this.plans.find(planId, m);
    if (plan?.clock) await this.keep(plan, m);
    return plan;
  }

  /** A plan whose run has started, with its roles; undefined for a plan not loaded or not yet running. */
  async running(planId: string, m?: EntityManager): Promise<RunningPlan | undefined> {
    const plan = await this.find(planId, m);
    return plan?.clock ? this.kept.get(planId) : undefined;
  }

  private async keep(plan: PlanRow, m?: EntityManager): Promise<void> {
    const roles = await this.roleRows.forPlan(plan.id, m);
    if (this.kept.size >= this.max) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(plan.id, { plan, roles });
  }
}
