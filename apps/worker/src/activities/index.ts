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
  countPlanRunInstances: (planId: string) => d.slices.count(planId),
  planRunSlice: (input: PlanRunSliceInput) => d.slices.slice(input),
  caseSlice: (input: CaseWorkflowInput) => d.slices.caseSlice(input),
  readDigestSchedule: (input: DigestScheduleInput) => d.digests.schedule(input),
  queueDigestMails: (input: DigestMailsInput) => d.digests.queue(input),
});
export type Activities = ReturnType<typeof createActivities>;
