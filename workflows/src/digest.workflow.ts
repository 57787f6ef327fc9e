import { continueAsNew, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../apps/worker/src/activities/index.js';
import { getDigestProgress, type DigestProgress, type DigestWorkflowInput } from '../../libs/contracts/src/digest.contracts.js';
import { STEP_ACTIVITY_OPTIONS } from './lib/activity-options.js';
import { nowMs } from './lib/clock.js';

// The same options as a step's: deliverMail keeps each attempt within them, so two attempts never overlap.
const acts = proxyActivities<Activities>(STEP_ACTIVITY_OPTIONS);

/** Digest days asked for at a time: the schedule travels in small activity results, never in the workflow's input. */
const BATCH = 20;

/**
 * The digests of one plan run: the weekly digest to the monitoring body on the first working day of each week, and
 * the daily digests of roles that opted in, each at 08:00 plan time. The days and their real instants come from an
 * activity (libs/domain computes them on the run's clock; this code does no calendar arithmetic); it sleeps until
 * each and has an activity write that day's mails to the outbox under business keys, then deliver them. Ends a week
 * after the run's last due date.
 */
export async function digestWorkflow(input: DigestWorkflowInput): Promise<DigestProgress> {
  const progress: DigestProgress = { handled: input.resume?.handled ?? 0, after: input.resume?.after };
  setHandler(getDigestProgress, () => progress);
  const { planId, since } = input;
  for (;;) {
    const batch = await acts.readDigestSchedule({ planId, since, after: progress.after, limit: BATCH });
    if (!batch.length) return { handled: progress.handled, after: progress.after };
    for (const d of batch) {
      progress.next = d;
      const wait = Date.parse(d.atReal) - nowMs();
      // The timer's summary, as the Temporal UI shows it: which day's digests it waits for.
      if (wait > 0) await sleep(wait, { summary: `digests of ${d.date.split('-').reverse().join('/')}` });
      const keys = await acts.queueDigestMails({ planId, date: d.date, week: d.week, weekly: d.weekly, daily: d.daily });
      if (keys.length) await acts.deliverMail(keys);
      progress.handled++;
      progress.after = d.date;
      progress.next = undefined;
      if (workflowInfo().continueAsNewSuggested) {
        await continueAsNew<typeof digestWorkflow>({ planId, since, resume: { after: progress.after, handled: progress.handled } });
      }
    }
  }
}
