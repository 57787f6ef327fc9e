import { Inject, Injectable } from '@nestjs/common';
import { PlanDraftRepository, PlanRepository, StaffRepository, type PlanRow, type SignedInUser } from '#libs/database/src/index.js';
import {
  allSteps,
  expandInstances,
  isIsoDate,
  planCalendarYears,
  planManagers,
  samePlan,
  WorkingCalendar,
  type PlanDiagnostic,
  type PlanSpec,
  type StepInstance,
} from '#libs/domain/src/index.js';
import { parsePlanFileIsolated } from '../common/isolated-parse.js';
import { PlanRunsService } from '../plans/plan-runs.service.js';

/** Why a valid plan file may not be started by this user (keys of vi.web.planStart). */
export type StartRefusal = 'notAllowed' | 'notAllowedNew' | 'differs';

export type PlanCheck =
  | { ok: false; file: string; errors: PlanDiagnostic[]; warnings: PlanDiagnostic[] }
  | {
      ok: true;
      file: string;
      plan: PlanSpec;
      warnings: PlanDiagnostic[];
      instances: StepInstance[];
      triggered: string[];
      /** Whether a plan with this id is loaded already ('same': with the same content). */
      stored: 'none' | 'same' | 'differs';
      runStartedAt: Date | null;
      refusal: StartRefusal | null;
    };

export interface StartChoice {
  real: boolean;
  speed?: number;
  planStart?: string;
}

/** Problems with the run options (keys of vi.web.planStart). */
export function choiceProblems(c: StartChoice): ('speedInvalid' | 'planStartInvalid')[] {
  if (c.real) return [];
  const out: ('speedInvalid' | 'planStartInvalid')[] = [];
  if (c.speed === undefined || !Number.isFinite(c.speed) || c.speed <= 0 || c.speed > 10_000_000) out.push('speedInvalid');
  if (c.planStart !== undefined && !isIsoDate(c.planStart)) out.push('planStartInvalid');
  return out;
}

/** JSON with keys sorted at every level: a stored plan (jsonb keeps no key order) compared with a parsed file. */
/** Its chairman and approving vice-chairman: the plan's approver and the one above, who may start it. */

/**
 * Loading and starting a plan from an uploaded plan file: validated with the same parser as the CLI (every problem with
 * its line and column), previewed, then loaded (as the launcher loads the seed plan) and run by PlanRunsService.
 * Only the plan's chairman or approving vice-chairman starts it: for a loaded plan, a holder of that role in it; for a
 * new plan, the person the file names in that role who already holds it in a loaded plan of the same issuer.
 */
@Injectable()
export class PlanStartService {
  constructor(
    @Inject(PlanRunsService) private readonly runs: PlanRunsService,
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StaffRepository) private readonly staff: StaffRepository,
    @Inject(PlanDraftRepository) private readonly drafts: PlanDraftRepository,
  ) {}

  async check(user: SignedInUser, text: string, file: string): Promise<PlanCheck> {
    // Parsed in a worker with time and memory limits (the file's size, nesting and expansion are bounded by the parser).
    const r = await parsePlanFileIsolated(text, file);
    if (!r.ok) return { ok: false, file, errors: r.errors, warnings: r.warnings };
    const stored = await this.plans.find(r.plan.id);
    const same = stored ? samePlan(stored.spec, r.plan) : null;
    const refusal = stored && !same ? 'differs' : await this.refusal(user, r.plan, stored);
    return {
      ok: true,
      file,
      plan: r.plan,
      warnings: r.warnings,
      instances: expandInstances(r.plan, WorkingCalendar.vietnam(planCalendarYears(r.plan))),
      triggered: allSteps(r.plan)
        .filter((s) => s.trigger)
        .map((s) => s.id),
      stored: stored ? (same ? 'same' : 'differs') : 'none',
      runStartedAt: stored?.runStartedAt ?? null,
      refusal,
    };
  }

  private async refusal(user: SignedInUser, spec: PlanSpec, stored: PlanRow | undefined): Promise<StartRefusal | null> {
    const held = await this.staff.memberships(user.id);
    const leads = async (planId: string) => {
      const p = planId === stored?.id ? stored : await this.plans.find(planId);
      return !!p && held.some((m) => m.planId === p.id && m.unitId === null && planManagers(p.spec).includes(m.roleKey)) ? p : undefined;
    };
    if (stored) return (await leads(stored.id)) ? null : 'notAllowed';
    if (!planManagers(spec).some((k) => spec.roles[k]?.email.trim().toLowerCase() === user.email.toLowerCase())) return 'notAllowedNew';
    for (const planId of new Set(held.map((m) => m.planId))) {
      if ((await leads(planId))?.spec.issuer.id === spec.issuer.id) return null;
    }
    return 'notAllowedNew';
  }

  /** Checks again, loads the plan unless it is loaded, starts its run (starting twice changes nothing). */
  async start(user: SignedInUser, text: string, file: string, choice: StartChoice): Promise<PlanCheck> {
    const c = await this.check(user, text, file);
    if (!c.ok || c.refusal || choiceProblems(choice).length) return c;
    if (c.stored === 'none') await this.plans.insertIfAbsent(c.plan);
    // The file it was loaded from: what "Lập kế hoạch năm sau" clones.
    await this.drafts.keepPlanFile(c.plan.id, file, text);
    await this.runs.start(c.plan.id, choice.real ? { speed: 1, real: true } : { speed: choice.speed!, planStart: choice.planStart });
    return c;
  }
}
