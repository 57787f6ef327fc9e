import type { RecordTransitionInput } from '../../../../libs/contracts/src/index.js';
import type { MailDeliveryService } from '../mail/mail-delivery.service.js';
import type { StepTransitionsService } from '../steps/step-transitions.service.js';

/** Each activity is one call into a service; workflows see only the type. */
export const createActivities = (d: { transitions: StepTransitionsService; mail: MailDeliveryService }) => ({
  recordStepTransition: (input: RecordTransitionInput) => d.transitions.record(input),
  deliverMail: (keys: string[]) => d.mail.deliver(keys),
});
export type Activities = ReturnType<typeof createActivities>;
