import { ParentClosePolicy, patched, upsertSearchAttributes, proxyActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '../../apps/worker/src/activities/index.js';
import type { CaseOutcome, CaseWorkflowInput } from '../../libs/contracts/src/plan-run.contracts.js';
import {
  DONDOC_PLAN_ID,
  SEARCH_ATTRIBUTES_PATCH,
  STEPS_TAGGED_AT_START_PATCH,
  taggedStepStart,
} from '../../libs/contracts/src/search-attributes.js';
import { stepWorkflow } from './step.workflow.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/**
 * A reported child-abuse case: starts its two steps — the chairman's emergency intervention on a calendar-hour clock
 * and the support plan due in working days, approved by the chairman — and waits for both.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseOutcome> {
  // Searchable by plan, like its steps (histories recorded before the attributes replay without them).
  if (patched(SEARCH_ATTRIBUTES_PATCH)) upsertSearchAttributes([{ key: DONDOC_PLAN_ID, value: input.planId }]);
  const slice = await acts.caseSlice(input);
  // The steps start with their search attributes and memo (histories recorded before start them bare).
  const tagAtStart = patched(STEPS_TAGGED_AT_START_PATCH);
  const children = await Promise.all(
    slice.map(({ workflowId, ...stepInput }) =>
      startChild(stepWorkflow, {
        workflowId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        ...(tagAtStart ? taggedStepStart(stepInput) : { args: [stepInput] }),
      }),
    ),
  );
  const results = await Promise.all(children.map((c) => c.result()));
  return { caseId: input.caseId, steps: Object.fromEntries(slice.map((s, i) => [s.stepId, results[i].state])) };
}
