import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../../../libs/config/src/index.js';
import { STEP_WORKFLOW_TYPE, type StepWorkflowInput, type TimedNotice } from '../../../../libs/contracts/src/index.js';
import { PlanRepository, StepRepository, type NewStepRow } from '../../../../libs/database/src/index.js';
import {
  bucketOf, DomainError, expandInstances, planCalendarYears, planTimeAt, realTimeAt, rehearsalClock, startOfLocalDay, timedNotices,
  WorkingCalendar, type PlanClock,
} from '../../../../libs/domain/src/index.js';
import { stepWorkflowId } from '../../../../libs/temporal/src/workflow-ids.js';

export interface StartRunOptions {
  /** Plan seconds per real second; 1 runs the plan at real pace from its rehearsal start date. */
  speed: number;
  /** The plan date the run starts at (default: the plan's rehearsal_start). */
  planStart?: string;
}

/**
 * Starts a plan run: one step row per step (in one transaction with the plan's clock and rollup), then one step
 * workflow per step with a business ID. Starting again is harmless: rows and workflows that exist are kept.
 */
@Injectable()
export class PlanRunsService {
  private readonly plans: PlanRepository;
  private readonly steps: StepRepository;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Client) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.plans = new PlanRepository(ds);
    this.steps = new StepRepository(ds);
  }

  async start(planId: string, o: StartRunOptions, now = new Date()): Promise<{ clock: PlanClock; stepsCreated: number; workflowsStarted: number }> {
    const { clock, rows, created, timelines, managers, roles } = await this.ds.transaction(async (m) => {
      const plan = await this.plans.lock(m, planId);
      if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan ${planId}`);
      let clock = plan.clock;
      if (!clock) {
        clock = rehearsalClock(startOfLocalDay(o.planStart ?? plan.spec.rehearsalStart), now, o.speed);
        await this.plans.markRunStarted(m, planId, clock);
      }
      const planNow = planTimeAt(clock, now);
      const cal = WorkingCalendar.vietnam(planCalendarYears(plan.spec));
      const timelines = new Map<string, TimedNotice[]>();
      const rows: NewStepRow[] = expandInstances(plan.spec, cal).map((i) => {
        const dueAtPlan = cal.deadlineInstant(i.due);
        // Notices the run starts too late for (a rehearsal begun mid-plan) are not sent.
        timelines.set(i.key, timedNotices(plan.spec, cal, i, clock, now));
        return {
          planId, stepId: i.key, specStepId: i.stepId, unitId: i.unit, period: i.period, itemId: i.itemId, title: i.title,
          assignee: i.assignee, approver: i.approver, startDate: i.start ?? null, dueDate: i.dueEffective, dueAtPlan,
          dueAtReal: realTimeAt(clock, dueAtPlan), state: 'assigned', bucket: bucketOf({ state: 'assigned', dueAt: dueAtPlan }, planNow),
          workflowId: stepWorkflowId(planId, i.key),
        };
      });
      const created = await this.steps.insertMissing(m, rows);
      // Those who direct the work may cancel or reassign a step: the approver of the plan's steps and the one above.
      const managers = [plan.spec.policies.approval.approver, plan.spec.policies.approval.onBreachTo];
      return { clock, rows, created, timelines, managers, roles: Object.keys(plan.spec.roles) };
    });
    let started = 0;
    const startOne = async (r: NewStepRow) => {
      const input: StepWorkflowInput = {
        planId, stepId: r.stepId, assignee: r.assignee, approver: r.approver, dueAtReal: r.dueAtReal.toISOString(), timeline: timelines.get(r.stepId) ?? [],
        dueDate: r.dueDate,
        managers: [...new Set([r.approver, ...managers].filter((x): x is string => !!x))],
        roles,
      };
      try {
        await this.temporal.workflow.start(STEP_WORKFLOW_TYPE, {
          workflowId: r.workflowId,
          taskQueue: this.config.temporal.taskQueue,
          args: [input],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
        started++;
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    };
    // A few starts at a time: a province plan has thousands of instances.
    const queue = [...rows];
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) await startOne(r);
    }));
    return { clock, stepsCreated: created, workflowsStarted: started };
  }
}
