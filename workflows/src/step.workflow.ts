import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../apps/worker/src/activities/index.js';
import {
  approveStep,
  getStepStatus,
  rejectStep,
  submitStep,
  type StepLiveState,
  type StepTransition,
  type StepWorkflowInput,
} from '../../libs/contracts/src/step.contracts.js';
import { checkApprove, checkReject, checkSubmit, completesOnSubmit, type Refusal } from '../../libs/domain/src/step-rules.js';
import { nowMs } from './lib/clock.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const refuseWith = (r: Refusal | null) => {
  if (r) throw ApplicationFailure.nonRetryable(r.message, r.code);
};

/** One step of a plan: assigned, submitted with evidence, approved or returned by the approver, overdue at its due instant. */
export async function stepWorkflow(input: StepWorkflowInput): Promise<StepLiveState> {
  const parties = { assignee: input.assignee, approver: input.approver };
  let live: StepLiveState = input.resume ?? { state: 'assigned', overdue: false, seq: 0, busy: false };
  const key = { planId: input.planId, stepId: input.stepId };

  const record = async (transition: StepTransition) => {
    live = { ...live, seq: live.seq + 1 };
    const { mailKeys } = await acts.recordStepTransition({ ...key, seq: live.seq, transition });
    if (mailKeys.length) await acts.deliverMail(mailKeys);
  };
  /** Runs one change at a time: validators refuse while `busy`, so two racing updates cannot both pass. */
  const exclusive = async (change: () => Promise<void>) => {
    live = { ...live, busy: true };
    try {
      await change();
    } finally {
      live = { ...live, busy: false };
    }
    return live;
  };

  setHandler(getStepStatus, () => live);
  setHandler(
    submitStep,
    (i) =>
      exclusive(async () => {
        await record({ kind: 'submitted', actor: i.actor, note: i.note });
        live = { ...live, state: 'submitted' };
        if (completesOnSubmit(parties)) {
          await record({ kind: 'approved', actor: i.actor });
          live = { ...live, state: 'completed' };
        }
      }),
    { validator: (i) => refuseWith(checkSubmit(parties, live, i?.actor, i?.note)) },
  );
  setHandler(
    approveStep,
    (i) =>
      exclusive(async () => {
        await record({ kind: 'approved', actor: i.actor, note: i.note });
        live = { ...live, state: 'completed' };
      }),
    { validator: (i) => refuseWith(checkApprove(parties, live, i?.actor)) },
  );
  setHandler(
    rejectStep,
    (i) =>
      exclusive(async () => {
        await record({ kind: 'returned', actor: i.actor, reason: i.reason });
        live = { ...live, state: 'returned' };
      }),
    { validator: (i) => refuseWith(checkReject(parties, live, i?.actor, i?.reason)) },
  );

  if (!input.resume) await exclusive(() => record({ kind: 'assigned' }));

  const done = () => live.state === 'completed';
  if (!live.overdue) {
    const msToDue = Date.parse(input.dueAtReal) - nowMs();
    const finished = msToDue > 0 ? await condition(done, msToDue) : done();
    if (!finished) {
      await condition(() => !live.busy);
      if (!done()) {
        await exclusive(() => record({ kind: 'overdue' }));
        live = { ...live, overdue: true };
        log.info('step overdue', key);
      }
    }
  }
  while (!done()) {
    await condition(() => done() || workflowInfo().continueAsNewSuggested);
    if (!done() && workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof stepWorkflow>({ ...input, resume: live });
    }
  }
  await condition(allHandlersFinished);
  return live;
}
