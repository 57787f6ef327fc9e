// The baseline of the province rehearsal's notice lag (bench/province.rehearsal.ts): a workflow that only sleeps to
// the planned instants of one step instance's notices and, at each, runs one no-op activity that records when it woke.
// No state, no database, no mail: its lag (instant → activity) is what the dev server and a worker's timers cost by
// themselves. Bundled only by bench/, never by the worker.
import { proxyActivities, sleep } from '@temporalio/workflow';

/** The one activity: records the real instant it ran for the notice of `key` planned at `at` (ms since the epoch). */
export interface NoticeSleeperActivities {
  woke(key: string, at: number): Promise<void>;
}

const { woke } = proxyActivities<NoticeSleeperActivities>({ startToCloseTimeout: '1 minute' });

export interface NoticeSleeperInput {
  /** The step instance whose notices' instants these are. */
  key: string;
  /** Real instants (ms since the epoch), in order. */
  instants: number[];
}

export async function noticeSleeperWorkflow(input: NoticeSleeperInput): Promise<number> {
  for (const at of input.instants) {
    // As the step workflow does: a timer for what is left from the workflow's time to the instant.
    const wait = at - Date.now();
    if (wait > 0) await sleep(wait);
    await woke(input.key, at);
  }
  return input.instants.length;
}
