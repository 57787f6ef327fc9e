import { activityInfo } from '@temporalio/activity';
import type {
  CaseWorkflowInput,
  DigestMailsInput,
  DigestScheduleInput,
  PlanRunSliceInput,
  RecordTransitionInput,
} from '#libs/contracts/src/index.js';
import type { DigestsService } from '../digests/digests.service.js';
import type { MailDeliveryService } from '../mail/mail-delivery.service.js';
import type { PlanRunSlicesService } from '../steps/plan-run-slices.service.js';
import type { StepTransitionsService } from '../steps/step-transitions.service.js';
import type { PlannedNotice } from '../metrics.js';

/**
 * A transition recorded, then its mails delivered within what is left of `budgetMs` after the transaction. A failed
 * delivery throws (the activity is retried: the transition is found recorded, the same keys come back, and only what
 * is not sent yet goes out).
 */
export async function recordThenDeliver(
  d: { transitions: Pick<StepTransitionsService, 'record'>; mail: Pick<MailDeliveryService, 'deliver'> },
  input: RecordTransitionInput,
  notice: PlannedNotice,
  budgetMs: number,
) {
  const started = Date.now();
  const result = await d.transitions.record(input);
  if (result.mailKeys.length) await d.mail.deliver(result.mailKeys, budgetMs - (Date.now() - started), notice);
  return result;
}

/** Each activity is one call into a service; workflows see only the type. */
export const createActivities = (d: {
  transitions: StepTransitionsService;
  mail: MailDeliveryService;
  slices: PlanRunSlicesService;
  digests: DigestsService;
}) => ({
  recordStepTransition: (input: RecordTransitionInput) => d.transitions.record(input),
  // One attempt ends within 2/3 of its start-to-close timeout: it is over before Temporal retries, never beside it.
  // `notice`: the planned instant of the timed notice these mails carry, for the notice lag metric (absent: not timed).
  deliverMail: (keys: string[], notice?: PlannedNotice) => d.mail.deliver(keys, (activityInfo().startToCloseTimeoutMs * 2) / 3, notice),
  // A timed transition (a reminder, an escalation, overdue, an approval's escalation) recorded and its mails delivered in
  // one activity: a workflow task and an activity task fewer between the timer and the mail than the two above. A retry
  // finds the transition recorded (by its seq), gets the same mail keys back and sends only what is not sent yet; the
  // delivery keeps to what is left of 2/3 of the start-to-close timeout after the transaction.
  recordTimedTransition: (input: RecordTransitionInput, notice: PlannedNotice) =>
    recordThenDeliver(d, input, notice, (activityInfo().startToCloseTimeoutMs * 2) / 3),
  countPlanRunInstances: (planId: string) => d.slices.count(planId),
  planRunSlice: (input: PlanRunSliceInput) => d.slices.slice(input),
  caseSlice: (input: CaseWorkflowInput) => d.slices.caseSlice(input),
  readDigestSchedule: (input: DigestScheduleInput) => d.digests.schedule(input),
  queueDigestMails: (input: DigestMailsInput) => d.digests.queue(input),
});
export type Activities = ReturnType<typeof createActivities>;
