// The throughput's guarantees floor (bench/workflows.bench.ts): what a step workflow driven through submit → approve
// cannot do without, written with the least workflow code. The same start (the step's input, its search attributes
// and memo), the same activities on the real services (each change one transaction: step row, audit row, roll-ups,
// outbox; each mail sent once by its key after the change answered), the same Updates answering the live state, the
// state written to the search attributes (submitted; the final one with the close), a timer to the next instant
// restarted on each change, one change at a time (as the no-op's `busy`). What it leaves out is the step workflow's
// own code: validators and refusals, the second wait of a change unblocked beside another, notices, reassignment,
// extensions. Bundled only by bench/, never by the worker.
import { allHandlersFinished, condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { Activities } from '../../apps/worker/src/activities/index.js';
import {
  approveStep,
  INITIAL_STEP_STATE,
  submitStep,
  type StepLiveState,
  type StepTransition,
  type StepWorkflowInput,
} from '../../libs/contracts/src/step.contracts.js';
import { changedAttributes, stepSearchAttributes } from '../../libs/contracts/src/search-attributes.js';
import { STEP_ACTIVITY_OPTIONS } from '../../workflows/src/lib/activity-options.js';

const acts = proxyActivities<Activities>(STEP_ACTIVITY_OPTIONS);

export async function floorStepWorkflow(input: StepWorkflowInput): Promise<StepLiveState> {
  let live: StepLiveState = INITIAL_STEP_STATE;
  let version = 0;
  let mails = 0;
  let busy = false;
  let shown: SearchAttributeUpdatePair[] = workflowInfo().typedSearchAttributes.getAll();
  const tag = () => {
    const next = stepSearchAttributes(input, live);
    const changed = changedAttributes(shown, next);
    if (changed.length) upsertSearchAttributes(changed);
    shown = next;
  };
  const record = async (transition: StepTransition) => {
    await condition(() => !busy);
    busy = true;
    live = { ...live, seq: live.seq + 1 };
    try {
      const r = await acts.recordStepTransition({ planId: input.planId, stepId: input.stepId, seq: live.seq, transition });
      return r.mailKeys;
    } finally {
      busy = false;
      version++;
    }
  };
  const mailAfterAnswer = (keys: string[]) => {
    if (!keys.length) return;
    mails++;
    void acts.deliverMail(keys).finally(() => void mails--);
  };
  setHandler(submitStep, async (i) => {
    const keys = await record({ kind: 'submitted', actor: i.actor, note: i.note });
    live = { ...live, state: 'submitted' };
    mailAfterAnswer(keys);
    tag();
    return live;
  });
  setHandler(approveStep, async (i) => {
    const keys = await record({ kind: 'approved', actor: i.actor, note: i.note });
    live = { ...live, state: 'completed' };
    mailAfterAnswer(keys);
    return live;
  });

  await acts.deliverMail(await record({ kind: 'assigned' }));
  const due = Math.min(Date.parse(input.dueAtReal), ...(input.timeline ?? []).map((n) => Date.parse(n.atReal)));
  while (live.state !== 'completed') {
    const seen = version;
    await condition(() => version !== seen || live.state === 'completed', Math.max(1, due - Date.now()));
  }
  await condition(() => allHandlersFinished() && mails === 0);
  tag();
  return live;
}
