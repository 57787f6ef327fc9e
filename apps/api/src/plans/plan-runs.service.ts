import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config/src/index.js';
import { DIGEST_WORKFLOW_TYPE, PLAN_RUN_WORKFLOW_TYPE, type DigestWorkflowInput, type PlanRunInput } from '#libs/contracts/src/index.js';
import { PlanRepository, StepRepository, type NewStepRow } from '#libs/database/src/index.js';
import {
  bucketOf, DomainError, expandInstances, MAX_CHILDREN_PER_WORKFLOW, planCalendarYears, planTimeAt, realClock, realTimeAt, rehearsalClock, startOfLocalDay,
  WorkingCalendar, type PlanClock,
} from '#libs/domain/src/index.js';
import { digestWorkflowId, planWorkflowId, stepWorkflowId } from '#libs/temporal/src/workflow-ids.js';

export interface StartRunOptions {
  /** Plan seconds per real second; 1 runs the plan at real pace from its rehearsal start date. */
  speed: number;
  /** The plan date the run starts at (default: the plan's rehearsal_start). */
  planStart?: string;
  /** A real run: plan time is real time from now (speed and planStart are not used). */
  real?: boolean;
}

/**
 * Starts a plan run: one step row per instance (in one transaction with the plan's clock and rollup), then the
 * plan-run workflow `plan-<planId>`, which starts one step workflow per row, and beside it the digest workflow
 * `digest-<planId>` (weekly digest to the monitoring body, daily digests of roles that opted in). Starting again is
 * harmless: rows and workflows that exist are kept.
 */
@Injectable()
export class PlanRunsService {

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Client) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StepRepository) private readonly steps: StepRepository,
  ) {}

  async start(planId: string, o: StartRunOptions, now = new Date()): Promise<{ clock: PlanClock; stepsCreated: number; runWorkflowId: string; runStarted: boolean }> {
    const { clock, created } = await this.ds.transaction(async (m) => {
      const plan = await this.plans.lock(m, planId);
      if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan ${planId}`);
      let clock = plan.clock;
      if (!clock) {
        clock = o.real ? realClock(now) : rehearsalClock(startOfLocalDay(o.planStart ?? plan.spec.rehearsalStart), now, o.speed);
        await this.plans.markRunStarted(m, planId, clock);
      }
      const planNow = planTimeAt(clock, now);
      const cal = WorkingCalendar.vietnam(planCalendarYears(plan.spec));
      const rows: NewStepRow[] = expandInstances(plan.spec, cal).map((i) => {
        const dueAtPlan = cal.deadlineInstant(i.dueEffective); // a due_by step ends on its rolled-back day
        return {
          planId, stepId: i.key, specStepId: i.stepId, unitId: i.unit, period: i.period, itemId: i.itemId, title: i.title,
          assignee: i.assignee, approver: i.approver, startDate: i.start ?? null, dueDate: i.dueEffective, dueAtPlan,
          dueAtReal: realTimeAt(clock, dueAtPlan), state: 'assigned', bucket: bucketOf({ state: 'assigned', dueAt: dueAtPlan }, planNow),
          workflowId: stepWorkflowId(planId, i.key),
        };
      });
      return { clock, created: await this.steps.insertMissing(m, rows) };
    });
    // One plan-run workflow starts the step workflows (through sub-range workflows when there are many).
    const runWorkflowId = planWorkflowId(planId);
    const input: PlanRunInput = { planId, maxChildren: this.config.temporal.maxChildren ?? MAX_CHILDREN_PER_WORKFLOW };
    const runStarted = await this.startOnce(PLAN_RUN_WORKFLOW_TYPE, runWorkflowId, input);
    // Digests due before this moment (a run begun again later) are not sent.
    const digest: DigestWorkflowInput = { planId, since: now.toISOString() };
    await this.startOnce(DIGEST_WORKFLOW_TYPE, digestWorkflowId(planId), digest);
    return { clock, stepsCreated: created, runWorkflowId, runStarted };
  }

  /** Starts a workflow under its business id unless one with that id ran already; true when it started now. */
  private async startOnce(type: string, workflowId: string, input: unknown): Promise<boolean> {
    try {
      await this.temporal.workflow.start(type, { workflowId, taskQueue: this.config.temporal.taskQueue, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
      return true;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw err;
    }
  }
}
