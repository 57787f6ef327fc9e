// The baseline of bench/workflows.bench.ts: a workflow with the shape of a dondoc step workflow driven through
// submit → approve (a first round of activities, two Updates that each run activities, a timer restarted whenever
// something changes) and nothing else: no state beyond a counter, no validation, no database, no mail. The numbers of
// activities and timers are counted from a real step workflow's history. Bundled only by bench/, never by the worker.
import { allHandlersFinished, condition, defineQuery, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { NoopActivities } from '../lib/noop-activities.js';

const { noop } = proxyActivities<NoopActivities>({ startToCloseTimeout: '1 minute' });

export interface NoopStepInput {
  /** Activities run at start (the real one: `assigned` recorded, its mail delivered). */
  initial: number;
  /** Activities run by each Update (the real one: the transition recorded, its mail delivered). */
  onSubmit: number;
  onApprove: number;
  /** Timers started in all (the real one starts one per wake-up of its main loop; none fires). */
  timers: number;
}

export const noopSubmit = defineUpdate<number, [string]>('noopSubmit');
export const noopApprove = defineUpdate<number, [string]>('noopApprove');
export const noopPhase = defineQuery<number>('noopPhase');

export async function noopStepWorkflow(input: NoopStepInput): Promise<number> {
  let phase = 0; // 0: waiting for the submission, 1: for the approval, 2: done
  let version = 0;
  let busy = false;
  const run = async (n: number) => {
    busy = true;
    try {
      for (let i = 0; i < n; i++) await noop(i);
    } finally {
      busy = false;
      version++;
    }
  };
  setHandler(noopPhase, () => phase);
  setHandler(noopSubmit, async () => {
    await condition(() => !busy);
    await run(input.onSubmit);
    phase = 1;
    return phase;
  });
  setHandler(noopApprove, async () => {
    await condition(() => !busy && phase === 1);
    await run(input.onApprove);
    phase = 2;
    return phase;
  });

  await run(input.initial);
  let timers = 0;
  while (phase < 2) {
    const seen = version;
    // Wakes on the end as well as on a change: the approval's handler sets the phase after its activities bumped the
    // version, and a loop that woke in between would otherwise wait for a change that never comes.
    const woken = () => version !== seen || phase === 2;
    // A far timer, as the real one waits for its next notice months ahead; restarted on each change until the count.
    if (timers < input.timers) {
      timers++;
      await condition(woken, '30 days');
    } else {
      await condition(woken);
    }
  }
  await condition(allHandlersFinished);
  return phase;
}
