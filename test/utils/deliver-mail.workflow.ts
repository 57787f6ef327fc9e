// A workflow for the mail fault tests: it calls the real deliverMail activity with the step workflow's own activity
// options (timeouts, retry policy), as a step workflow does after recording a transition.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../apps/worker/src/activities/index.js';
import { STEP_ACTIVITY_OPTIONS } from '../../workflows/src/lib/activity-options.js';

const acts = proxyActivities<Pick<Activities, 'deliverMail'>>(STEP_ACTIVITY_OPTIONS);

export async function deliverMailWorkflow(keys: string[]): Promise<{ sent: string[]; failed: string[] }> {
  return acts.deliverMail(keys);
}
