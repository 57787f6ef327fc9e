import type { DataSource } from 'typeorm';
import { PlanRepository, type PlanRow } from './repositories/plan.repository.js';

/**
 * Plan rows read once per process: a plan whose run has started never changes (its spec and roles are written when it
 * is loaded, its run clock once when the run starts), so it is kept; a plan not yet running is read every time (its
 * clock is still to come). Bounded: the oldest entry goes when `max` plans are kept.
 */
export class RunningPlans {
  private readonly plans: PlanRepository;
  private readonly kept = new Map<string, PlanRow>();

  constructor(ds: DataSource, private readonly max = 256) {
    this.plans = new PlanRepository(ds);
  }

  async find(planId: string): Promise<PlanRow | undefined> {
    const hit = this.kept.get(planId);
    if (hit) return hit;
    const plan = await this.plans.find(planId);
    if (plan?.clock) {
      if (this.kept.size >= this.max) this.kept.delete(this.kept.keys().next().value!);
      this.kept.set(planId, plan);
    }
    return plan;
  }
}
