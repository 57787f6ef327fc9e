import type { PlanRepository, PlanRow, StaffRepository } from '#libs/database/src/index.js';
import { planManagers } from '#libs/domain/src/index.js';

/**
 * Who may load plans — the one place of this rule: a person manages a loaded plan when they hold its chairman's or its
 * approving vice-chairman's role (planManagers) at the commune, not in a village. Whoever manages some loaded plan may
 * upload, import and start plan files (AccessService's load_plans action, PlanStartService.mayLoadPlans), and sees
 * the drafts whose issuer is the commune of a plan they manage (PlanDraftsService.managedIssuers).
 */
export async function plansManagedBy(staff: StaffRepository, plans: PlanRepository, userId: string): Promise<PlanRow[]> {
  const held = (await staff.memberships(userId)).filter((m) => m.unitId === null);
  const out: PlanRow[] = [];
  for (const planId of new Set(held.map((m) => m.planId))) {
    const p = await plans.find(planId);
    if (p && held.some((m) => m.planId === p.id && planManagers(p.spec).includes(m.roleKey))) out.push(p);
  }
  return out;
}

/** Whether the person manages some loaded plan, and so may load plans (see plansManagedBy). */
export const mayLoadPlans = async (staff: StaffRepository, plans: PlanRepository, userId: string): Promise<boolean> =>
  (await plansManagedBy(staff, plans, userId)).length > 0;
