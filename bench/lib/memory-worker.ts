// A child process of bench/workflows.bench.ts (forked with --expose-gc): one worker and N long-lived workflows
// waiting on their timers. Cached mode: a cache large enough for every workflow; it reports the heap and RSS it grew
// by once all N sit in the cache (after a forced GC). Evicted mode (`cache` below N, e.g. 50): the sticky cache keeps
// only the last ones, the rest wait on the server evicted from the worker (as a province's thousands of steps do); it
// reports the process's RSS and heap once all N wait. Then it leaves. The workflows run in the main thread
// (debugMode, with the same reusable V8 context as the worker threads of a production worker) so that the heap
// measured is theirs. Both kinds load the same modules (this file imports the worker's activities either way); only
// the step kind opens a database pool and an SMTP transport.
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { approveStep, STEP_WORKFLOW_TYPE, submitStep, taggedStepStart } from '#libs/contracts/src/index.js';
import { workflowSource } from '../../apps/worker/src/workflow-source.js';
import { noopActivities } from './noop-activities.js';
import { realActivities, seedStepRun } from './step-worker.js';
import type { NoopStepInput } from '../workflows/noop-step.workflow.js';

export interface MemoryJob {
  kind: 'step' | 'noop';
  address: string;
  n: number;
  /** Activities each workflow runs before it waits on its timer (counted from a real history). */
  initial: number;
  noop: NoopStepInput;
  noopBundlePath: string;
  databaseUrl: string;
  smtpUrl: string;
  planId: string;
  /** maxCachedWorkflows; default n + 50 (every workflow cached). Below n, the others are evicted. */
  cache?: number;
}

export interface MemoryReport {
  kind: 'step' | 'noop';
  cached: number;
  /** Grown by, per workflow, after a forced GC. */
  heapKiB: number;
  rssKiB: number;
  /** The process's JS heap used and RSS once all N wait, after a forced GC, in MiB. */
  heapMiB: number;
  rssMiB: number;
  /** Workflows of this worker's task queue running on the server once all N wait (-1: the server could not count). */
  running: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function collect(): Promise<NodeJS.MemoryUsage> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('memory-worker needs node --expose-gc');
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(100);
  }
  return process.memoryUsage();
}

/** Running workflows of the task queue, as the server counts them (its visibility lags: asked until it says `n`, ≤ 30 s). */
async function runningOn(client: Client, taskQueue: string, n: number): Promise<number> {
  let count = -1;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(500)) {
    try {
      count = (await client.workflow.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`)).count;
    } catch {
      return -1;
    }
    if (count === n) break;
  }
  return count;
}

async function main(job: MemoryJob): Promise<MemoryReport> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const taskQueue = `bench-mem-${job.kind}-${randomBytes(3).toString('hex')}`;
  const connection = await NativeConnection.connect({ address: job.address });
  const clientConnection = await Connection.connect({ address: job.address });
  const client = new Client({ connection: clientConnection });
  const real = job.kind === 'step' ? await realActivities(job.databaseUrl, job.smtpUrl) : undefined;
  let completedActivities = 0;
  const counted = <T extends Record<string, (...a: any[]) => Promise<unknown>>>(acts: T): T =>
    Object.fromEntries(
      Object.entries(acts).map(([k, f]) => [
        k,
        async (...a: unknown[]) => {
          const r = await f(...a);
          completedActivities++;
          return r;
        },
      ]),
    ) as T;
  const cacheSize = job.cache ?? job.n + 50;
  const worker = await Worker.create({
    connection,
    taskQueue,
    debugMode: true,
    maxCachedWorkflows: cacheSize,
    ...(real ? workflowSource() : { workflowBundle: { codePath: job.noopBundlePath } }),
    activities: counted(real ? real.activities : noopActivities),
  });
  const running = worker.run();
  try {
    // One workflow of each kind to start with, so the bundle is loaded and the activities' code paths are warm.
    const starts = real ? await seedStepRun(job.databaseUrl, real.slices, job.planId, job.n + 1) : undefined;
    const start = (i: number) =>
      starts
        ? client.workflow.start(STEP_WORKFLOW_TYPE, { taskQueue, workflowId: starts[i].workflowId, ...taggedStepStart(starts[i].input) })
        : client.workflow.start('noopStepWorkflow', { taskQueue, workflowId: `${taskQueue}-${i}`, args: [job.noop] });
    const warm = await start(0);
    if (starts) {
      await warm.executeUpdate(submitStep, { args: [{ actor: starts[0].input.assignee, note: 'warm' }] });
      await warm.executeUpdate(approveStep, { args: [{ actor: starts[0].input.approver!, note: 'warm' }] });
    } else {
      await warm.executeUpdate('noopSubmit', { args: ['warm'] });
      await warm.executeUpdate('noopApprove', { args: ['warm'] });
    }
    await warm.result();
    const evicted = cacheSize < job.n;
    const settled = async (cached: number, activities: number) => {
      const deadline = Date.now() + 5 * 60_000 + activities * 50;
      let calm = 0;
      while (calm < 3) {
        const s = worker.getStatus();
        calm =
          (evicted ? s.numCachedWorkflows <= cached : s.numCachedWorkflows === cached) &&
          s.numInFlightWorkflowActivations === 0 &&
          s.numInFlightActivities === 0 &&
          completedActivities >= activities
            ? calm + 1
            : 0;
        if (Date.now() > deadline)
          throw new Error(`worker did not settle: ${JSON.stringify(s)}, ${completedActivities}/${activities} activities`);
        await sleep(200);
      }
    };
    const warmActivities = completedActivities;
    await settled(0, warmActivities);
    const before = await collect();

    let next = 1;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next <= job.n) await start(next++);
      }),
    );
    await settled(Math.min(job.n, cacheSize), warmActivities + job.n * job.initial);
    const after = await collect();
    const cached = worker.getStatus().numCachedWorkflows;
    return {
      kind: job.kind,
      cached,
      heapKiB: (after.heapUsed - before.heapUsed) / job.n / 1024,
      rssKiB: (after.rss - before.rss) / job.n / 1024,
      heapMiB: after.heapUsed / 2 ** 20,
      rssMiB: after.rss / 2 ** 20,
      running: await runningOn(client, taskQueue, job.n),
    };
  } finally {
    worker.shutdown();
    await running;
    await clientConnection.close();
    await connection.close();
    await real?.close();
  }
}

const job = JSON.parse(process.argv[2]) as MemoryJob;
main(job).then(
  (report) => {
    process.send!(report);
    process.exit(0);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
