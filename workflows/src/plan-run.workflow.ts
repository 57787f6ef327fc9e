import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, patched, upsertSearchAttributes, proxyActivities, setHandler, startChild } from '@temporalio/workflow';
import type { Activities } from '../../apps/worker/src/activities/index.js';
import { getPlanRunProgress, type PlanRunInput, type PlanRunProgress } from '../../libs/contracts/src/plan-run.contracts.js';
import { fanOut } from '../../libs/domain/src/fan-out.js';
import { planRangeWorkflowId } from '../../libs/temporal/src/workflow-ids.js';
import {
  DONDOC_PLAN_ID,
  SEARCH_ATTRIBUTES_PATCH,
  STEPS_TAGGED_AT_START_PATCH,
  taggedStepStart,
} from '../../libs/contracts/src/search-attributes.js';
import { stepWorkflow } from './step.workflow.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/**
 * A plan run, or a share of one: starts one step workflow per instance when they fit under the fan-out limit,
 * otherwise one plan-run workflow per sub-range (a province plan → its communes' shares → steps). Children have
 * business IDs, so starting a run twice starts nothing twice. Waits for its children and reports their progress.
 */
export async function planRunWorkflow(input: PlanRunInput): Promise<PlanRunProgress> {
  // Searchable by plan, like its steps (histories recorded before the attributes replay without them).
  if (patched(SEARCH_ATTRIBUTES_PATCH)) upsertSearchAttributes([{ key: DONDOC_PLAN_ID, value: input.planId }]);
  const range = input.range ?? { from: 0, to: await acts.countPlanRunInstances(input.planId) };
  const progress: PlanRunProgress = {
    instances: range.to - range.from,
    children: 0,
    alreadyRunning: 0,
    closedInstances: 0,
    completed: 0,
    cancelled: 0,
  };
  setHandler(getPlanRunProgress, () => progress);

  const plan = fanOut(range, input.maxChildren);
  if (plan.kind === 'groups') {
    const children = await Promise.all(
      plan.groups.map((g) =>
        startChild(planRunWorkflow, {
          workflowId: planRangeWorkflowId(input.planId, g.from, g.to),
          args: [{ planId: input.planId, range: g, maxChildren: input.maxChildren }],
        }),
      ),
    );
    progress.children = children.length;
    await Promise.all(
      children.map(async (c) => {
        const r = await c.result();
        progress.closedInstances += r.instances;
        progress.completed += r.completed;
        progress.cancelled += r.cancelled;
        progress.alreadyRunning += r.alreadyRunning;
      }),
    );
    return progress;
  }

  const slice = await acts.planRunSlice({ planId: input.planId, range });
  // The steps start with their search attributes and memo (histories recorded before start them bare).
  const tagAtStart = patched(STEPS_TAGGED_AT_START_PATCH);
  const started = await Promise.all(
    slice.map(async ({ workflowId, ...stepInput }) => {
      try {
        // The steps live on if a plan-run workflow is ever reset or terminated: they are the plan's work.
        return await startChild(stepWorkflow, {
          workflowId,
          parentClosePolicy: ParentClosePolicy.ABANDON,
          ...(tagAtStart ? taggedStepStart(stepInput) : { args: [stepInput] }),
        });
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) {
          progress.alreadyRunning++;
          return undefined;
        }
        throw err;
      }
    }),
  );
  progress.children = started.filter((c) => c).length;
  await Promise.all(
    started.map(async (c) => {
      if (!c) return;
      const r = await c.result();
      progress.closedInstances++;
      if (r.state === 'completed') progress.completed++;
      if (r.state === 'cancelled') progress.cancelled++;
    }),
  );
  return progress;
}
