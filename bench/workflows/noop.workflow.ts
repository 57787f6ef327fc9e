// The baseline workflow of the benchmarks: the same number of activities and timers as a recorded dondoc workflow,
// and nothing else (no state, no queries, no updates). Bundled only by bench/, never by the worker.
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { NoopActivities } from '../lib/noop-activities.js';

const { noop } = proxyActivities<NoopActivities>({ startToCloseTimeout: '1 minute' });

export interface NoopWorkflowInput {
  activities: number;
  timers: number;
}

export async function noopWorkflow(input: NoopWorkflowInput): Promise<number> {
  const rounds = Math.max(input.activities, input.timers);
  for (let i = 0; i < rounds; i++) {
    if (i < input.activities) await noop(i);
    if (i < input.timers) await sleep(1);
  }
  return rounds;
}
