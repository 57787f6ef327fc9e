import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { stepWorkflowInput, type CaseWorkflowInput, type PlanRunSlice, type PlanRunSliceInput } from '#libs/contracts/src/index.js';
import { CaseRepository, PlanRepository, StepRepository, type PlanRow, type StepRow } from '#libs/database/src/index.js';
import { WALL_CLOCK, type WallClock } from '../wall-clock.js';
import { caseInstances, expandInstances, planCalendarYears, WorkingCalendar, type StepInstance } from '#libs/domain/src/index.js';

/**
 * Reads what a plan-run workflow needs to start its step workflows: the step rows the run wrote, in run order, each
 * with the timeline of notices the domain library computes (only those still ahead: a rehearsal begun mid-plan does
 * not send the past).
 */
@Injectable()
export class PlanRunSlicesService {
  constructor(
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StepRepository) private readonly steps: StepRepository,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(WALL_CLOCK) private readonly now: WallClock,
  ) {}

  count(planId: string): Promise<number> {
    return this.steps.countForRun(planId);
  }

  async slice({ planId, range }: PlanRunSliceInput): Promise<PlanRunSlice> {
    const plan = await this.running(planId);
    const cal = WorkingCalendar.vietnam(planCalendarYears(plan.spec));
    const instances = new Map(expandInstances(plan.spec, cal).map((i) => [i.key, i]));
    return this.inputs(plan, cal, await this.steps.sliceForRun(planId, range.from, range.to), (r) => instances.get(r.stepId));
  }

  /** The two steps of a reported case. The emergency step has no working-day notices: its clock runs in hours. */
  async caseSlice({ planId, caseId }: CaseWorkflowInput): Promise<PlanRunSlice> {
    const plan = await this.running(planId);
    const c = await this.cases.find(planId, caseId);
    if (!c) throw ApplicationFailure.nonRetryable(`plan ${planId} has no case ${caseId}`, 'CASE_NOT_FOUND');
    const cal = WorkingCalendar.vietnam(planCalendarYears(plan.spec));
    const instances = caseInstances(plan.spec, cal, { caseId, reportedAtPlan: new Date(c.reportedAtPlan), unit: c.unitId });
    const supportPlan = new Map(instances.filter((i) => i.role === 'support-plan').map((i) => [i.key, i]));
    return this.inputs(plan, cal, await this.steps.forCase(planId, caseId), (r) => supportPlan.get(r.stepId));
  }

  private async running(planId: string): Promise<PlanRow & { clock: NonNullable<PlanRow['clock']> }> {
    const plan = await this.plans.find(planId);
    if (!plan?.clock) throw ApplicationFailure.nonRetryable(`plan ${planId} has no run`, 'PLAN_NOT_RUNNING');
    return plan as PlanRow & { clock: NonNullable<PlanRow['clock']> };
  }

  private inputs(
    plan: PlanRow & { clock: NonNullable<PlanRow['clock']> },
    cal: WorkingCalendar,
    rows: StepRow[],
    instanceOf: (r: StepRow) => StepInstance | undefined,
  ): PlanRunSlice {
    const now = this.now();
    return rows.map((r) => ({ ...stepWorkflowInput(plan, cal, r, instanceOf(r), now), workflowId: r.workflowId }));
  }
}
