import type { DataSource } from 'typeorm';
import { PlanRepository, StepRepository } from '#libs/database/src/index.js';
import { endOfLocalDay, rehearsalClock, startOfLocalDay, type PlanSpec, type StepSpec } from '#libs/domain/src/index.js';

/**
 * Stores `plan` with a run whose plan time starts on 03/04/2023 at `realStart`, at real pace, and one `assigned` row
 * per given step (due five real days later): what a recorded transition needs, without workflows.
 */
export async function seedRunningSteps(
  ds: DataSource,
  plan: PlanSpec,
  steps: (StepSpec & { due: string })[],
  realStart: Date,
): Promise<void> {
  await new PlanRepository(ds).insertIfAbsent(plan);
  await ds.transaction(async (m) => {
    await new PlanRepository(ds).markRunStarted(m, plan.id, rehearsalClock(startOfLocalDay('2023-04-03'), realStart, 1));
    await new StepRepository(ds).insertMissing(
      m,
      steps.map((step) => ({
        planId: plan.id,
        stepId: step.id,
        specStepId: step.id,
        unitId: null,
        period: null,
        itemId: step.itemId,
        title: step.title,
        assignee: step.assignee,
        approver: step.approval,
        startDate: null,
        dueDate: step.due,
        dueAtPlan: endOfLocalDay(step.due),
        dueAtReal: new Date(realStart.getTime() + 5 * 86400e3),
        state: 'assigned' as const,
        bucket: 'open_on_time' as const,
        workflowId: `step-${plan.id}-${step.id}`,
      })),
    );
  });
}
