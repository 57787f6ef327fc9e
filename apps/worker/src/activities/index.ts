import type { CaseWorkflowInput, PlanRunSliceInput, RecordTransitionInput } from '../../../../libs/contracts/src/index.js';
import type { MailDeliveryService } from '../mail/mail-delivery.service.js';
import type { PlanRunSlicesService } from '../steps/plan-run-slices.service.js';
import type { StepTransitionsService } from '../steps/step-transitions.service.js';

/** Each activity is one call into a service; workflows see only the type. */
export const createActivities = (d: { transitions: StepTransitionsService; mail: MailDeliveryService; slices: PlanRunSlicesService }) => ({
  recordStepTransition: (input: RecordTransitionInput) => d.transitions.record(input),
  deliverMail: (keys: string[]) => d.mail.deliver(keys),
  countPlanRunInstances: (planId: string) => d.slices.count(planId),
  planRunSlice: (input: PlanRunSliceInput) => d.slices.slice(input),
  caseSlice: (input: CaseWorkflowInput) => d.slices.caseSlice(input),
});
export type Activities = ReturnType<typeof createActivities>;
