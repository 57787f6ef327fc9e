// The step workflow beside a no-op workflow of the same shape (bench/workflows/noop-step.workflow.ts: as many
// activities and timers as a real step workflow records, the same two Updates), on the same dev server with the same
// worker settings:
// 1. throughput: K step workflows driven through submit → approve by 32 concurrent clients, as the API drives them
//    (beside them, not goals: the step on echoing activities, the step on its transactions with no mail sent, and the
//    guarantees floor, bench/workflows/floor-step.workflow.ts: the step's transactions, mails, search attributes and
//    answers with the least workflow code);
// 2. the approval Update's round-trip (executeUpdate returns once the handler is done: for the step, the transition
//    recorded, its mails sent after the answer — patch dondoc-answer-before-mail; for the no-op, all of its Update's
//    activities, as before), p95, one approval at a time to workflows waiting for it;
// 3. worker memory per cached workflow (a child process per measurement, forced GC), and the worker's memory with a
//    province's number of waiting workflows evicted from a small sticky cache (maxCachedWorkflows 50);
// 4. a state change through the real API (POST submission / approval, then GET the step until it shows the new state),
//    p99, beside the same GET after a direct SQL UPDATE of the row.
// `--workflows-sections=throughput,update,memory,evicted,api` runs some of them (all by default);
// `--evicted-workflows=N` sets the evicted measurement's N (default the province's instances: 1,020 quick, 9,960 full).
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import proto, { type temporal } from '@temporalio/proto';
import { workflowSource } from '../apps/worker/src/workflow-source.js';
import {
  approveStep,
  getStepStatus,
  STEP_WORKFLOW_TYPE,
  submitStep,
  taggedStepStart,
  type RecordTransitionInput,
  type RecordTransitionResult,
} from '#libs/contracts/src/index.js';
import type { PlannedNotice } from '../apps/worker/src/metrics.js';
import { SmtpCatcher } from '#libs/mail/src/index.js';
import { projectRoot } from '#libs/config/src/index.js';
import { planFactory, stepFactory } from '../test/factories/plan.factory.js';
import { PROVINCE_FULL, PROVINCE_QUICK, provinceInstances } from '../test/factories/province-plan.factory.js';
import { startStack } from '../test/utils/stack.js';
import { processCpuMicros } from './lib/cpu-cost.js';
import { benchDatabase } from './lib/database.js';
import type { MemoryJob, MemoryReport } from './lib/memory-worker.js';
import { noopActivities } from './lib/noop-activities.js';
import { fmt, interleaved, median, percentile, progress, result, type BenchResult } from './lib/stats.js';
import { realActivities, seedStepRun, type StepStart } from './lib/step-worker.js';
import { benchTemporal } from './lib/temporal.js';
import type { NoopStepInput } from './workflows/noop-step.workflow.js';

type History = temporal.api.history.v1.IHistory;
const CLIENTS = 32;
/** The guarantees floor's workflow type (bench/workflows/floor-step.workflow.ts). */
const FLOOR_WORKFLOW_TYPE = 'floorStepWorkflow';
/** The sticky cache of the evicted measurement: far below a province's steps, as a worker holding them all could not. */
const EVICTED_CACHE = 50;
const SECTIONS = ['throughput', 'update', 'memory', 'evicted', 'api'] as const;
const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Activities scheduled before the first accepted Update, by each Update, and timers started, in one history. */
function shapeOf(h: History): NoopStepInput {
  const counts = [0, 0, 0];
  let phase = 0;
  let timers = 0;
  for (const e of h.events ?? []) {
    if (e.workflowExecutionUpdateAcceptedEventAttributes) phase = Math.min(2, phase + 1);
    if (e.activityTaskScheduledEventAttributes) counts[phase]++;
    if (e.timerStartedEventAttributes) timers++;
  }
  return { initial: counts[0], onSubmit: counts[1], onApprove: counts[2], timers };
}

/** Median time from a task scheduled to started (workflow and activity tasks) in one history: the server's dispatch. */
function dispatchMs(h: History): number {
  const ms = (e: temporal.api.history.v1.IHistoryEvent) => Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;
  const scheduled = new Map<string, number>();
  const gaps: number[] = [];
  for (const e of h.events ?? []) {
    const id = String(e.eventId);
    if (e.workflowTaskScheduledEventAttributes || e.activityTaskScheduledEventAttributes) scheduled.set(id, ms(e));
    const started = e.workflowTaskStartedEventAttributes ?? e.activityTaskStartedEventAttributes;
    const at = started ? scheduled.get(String(started.scheduledEventId)) : undefined;
    if (at !== undefined) gaps.push(ms(e) - at);
  }
  return gaps.length ? median(gaps) : 0;
}

/**
 * The throughput's sides: dondoc's step workflow, the no-op of its shape, the step workflow on echoing activities, and
 * the step workflow on its real transactions with the mail delivery echoed (no SMTP), and the guarantees floor.
 */
type Side = 'step' | 'noop' | 'echo' | 'record' | 'floor';

/** A history's size in bytes, as the server stores its events (protobuf). */
const historyBytes = (h: History): number =>
  (h.events ?? []).reduce((n, e) => n + proto.temporal.api.history.v1.HistoryEvent.encode(e).finish().length, 0);

const describeShape = (s: NoopStepInput) => `${s.initial}+${s.onSubmit}+${s.onApprove} activities, ${s.timers} timers`;

export async function workflowsBench(o: { quick: boolean; repeats: number }): Promise<BenchResult[]> {
  process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const K = o.quick ? 100 : 300; // workflows per throughput repeat
  const L = o.quick ? 40 : 200; // approvals per latency repeat
  const N = o.quick ? 300 : 1000; // cached workflows per memory repeat
  const M = o.quick ? 50 : 150; // steps per API repeat (each gives a submission and an approval)
  // waiting workflows per evicted-memory repeat: a province's steps
  const E = Number(flag('evicted-workflows') ?? provinceInstances(o.quick ? PROVINCE_QUICK : PROVINCE_FULL));
  const sections = new Set(flag('workflows-sections')?.split(',') ?? SECTIONS);
  for (const x of sections)
    if (!(SECTIONS as readonly string[]).includes(x)) throw new Error(`--workflows-sections: ${x} is not one of ${SECTIONS.join(', ')}`);
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed by an earlier benchmark of this run
  }
  const server = await benchTemporal();
  const db = await benchDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-bench-wf-'));
  const catcher = new SmtpCatcher(join(dir, 'mail'));
  await catcher.start(0);
  const smtpUrl = `smtp://127.0.0.1:${catcher.port}`;
  const results: BenchResult[] = [];
  try {
    /** One of bench/workflows bundled into the run's folder, for a worker of its own: the bundle's path. */
    const benchBundle = async (name: string) => {
      const path = join(dir, `${name}-bundle.js`);
      const { code } = await bundleWorkflowCode({
        workflowsPath: join(projectRoot(), 'dist', 'bench', 'workflows', `${name}.workflow.js`),
        logger: new DefaultLogger('WARN'),
      });
      writeFileSync(path, code);
      return path;
    };
    const noopBundlePath = await benchBundle('noop-step');
    const floorBundlePath = await benchBundle('floor-step');

    // ---- 1 and 2: in-process workers, one per kind, same options; the other kind's worker stays idle meanwhile.
    const connection = await NativeConnection.connect({ address: server.address });
    const clientConnection = await Connection.connect({ address: server.address });
    const client = new Client({ connection: clientConnection });
    const real = await realActivities(db.url, smtpUrl);
    const tag = randomBytes(3).toString('hex');
    const stepQueue = `bench-step-${tag}`;
    const noopQueue = `bench-noop-${tag}`;
    const echoQueue = `bench-echo-${tag}`;
    const recordQueue = `bench-record-${tag}`;
    const floorQueue = `bench-floor-${tag}`;
    // The step's activities, each call's answer kept by kind (the transition's kind; the delivery's report), for the
    // echo worker below.
    const answers = new Map<string, unknown>();
    const keep = <T>(kind: string, answer: T): T => (answers.set(kind, answer), answer);
    const stepWorker = await Worker.create({
      connection,
      taskQueue: stepQueue,
      ...workflowSource(),
      activities: {
        ...real.activities,
        recordStepTransition: async (i: RecordTransitionInput) => keep(i.transition.kind, await real.activities.recordStepTransition(i)),
        deliverMail: async (keys: string[], notice?: PlannedNotice) => keep('delivery', await real.activities.deliverMail(keys, notice)),
      },
    });
    // The same step workflow code on activities that answer at once with what the real ones answered for the same
    // kind in the shape run (same sizes, no PostgreSQL, no mail): the throughput's decomposition, the workflow's own
    // cost (step echo vs no-op) apart from the guaranteed work of its activities (step vs step echo). Not a goal.
    const echoed = (kind: string) => {
      if (!answers.has(kind)) throw new Error(`the shape run gave no answer for ${kind}`);
      return answers.get(kind);
    };
    const echoedDelivery = async () => echoed('delivery') as Awaited<ReturnType<typeof real.activities.deliverMail>>;
    const echoWorker = await Worker.create({
      connection,
      taskQueue: echoQueue,
      ...workflowSource(),
      activities: {
        ...real.activities,
        recordStepTransition: async (i: RecordTransitionInput) => echoed(i.transition.kind) as RecordTransitionResult,
        deliverMail: echoedDelivery,
      },
    });
    // The step workflow on its real transitions (the transaction: step row, audit row, roll-ups, outbox, action links)
    // whose mails are not sent (the delivery answers at once): step vs this side is the delivery's cost (SMTP and the
    // catcher), this side vs the echo the transaction's. Not a goal.
    const recordWorker = await Worker.create({
      connection,
      taskQueue: recordQueue,
      ...workflowSource(),
      activities: {
        ...real.activities,
        deliverMail: echoedDelivery,
      },
    });
    const noopWorker = await Worker.create({
      connection,
      taskQueue: noopQueue,
      workflowBundle: { codePath: noopBundlePath },
      activities: noopActivities,
    });
    // The guarantees floor: the step's real activities under the least workflow code that still does what they guarantee.
    const floorWorker = await Worker.create({
      connection,
      taskQueue: floorQueue,
      workflowBundle: { codePath: floorBundlePath },
      activities: real.activities,
    });
    const running = [stepWorker.run(), noopWorker.run(), echoWorker.run(), recordWorker.run(), floorWorker.run()];
    let plans = 0;
    let noops = 0;
    let shape: NoopStepInput;
    let noopShape: NoopStepInput;
    let floorShape: NoopStepInput;
    let bytes = { step: 0, noop: 0, floor: 0 };
    let dispatch = 0;
    try {
      // The shape of a real step workflow driven through submit → approve, each Update sent once the workflow waits.
      const [one] = await seedStepRun(db.url, real.slices, 'BENCH-WF-SHAPE', 1);
      const h = await client.workflow.start(STEP_WORKFLOW_TYPE, {
        taskQueue: stepQueue,
        workflowId: one.workflowId,
        ...taggedStepStart(one.input),
      });
      const idle = async (q: () => Promise<boolean>) => {
        while (!(await q())) await sleep(50);
        await sleep(300);
      };
      /** The submission, 300 ms later the approval, then the workflow's end: its history. */
      const submitApprove = async (w: WorkflowHandle, submit: () => Promise<unknown>, approve: () => Promise<unknown>) => {
        await submit();
        await sleep(300);
        await approve();
        await w.result();
        return w.fetchHistory();
      };
      await idle(async () => {
        const s = await h.query(getStepStatus);
        return s.seq >= 1 && !s.busy;
      });
      const hist = await submitApprove(
        h,
        () => h.executeUpdate(submitStep, { args: [{ actor: one.input.assignee, note: 'shape' }] }),
        () => h.executeUpdate(approveStep, { args: [{ actor: one.input.approver!, note: 'shape' }] }),
      );
      shape = shapeOf(hist);
      const nh = await client.workflow.start('noopStepWorkflow', { taskQueue: noopQueue, workflowId: `noop-shape-${tag}`, args: [shape] });
      await idle(async () => (await nh.query<number>('noopPhase')) === 0);
      const noopHist = await submitApprove(
        nh,
        () => nh.executeUpdate('noopSubmit', { args: ['shape'] }),
        () => nh.executeUpdate('noopApprove', { args: ['shape'] }),
      );
      noopShape = shapeOf(noopHist);
      const [floorOne] = await seedStepRun(db.url, real.slices, 'BENCH-WF-FLOOR-SHAPE', 1);
      const fh = await client.workflow.start(FLOOR_WORKFLOW_TYPE, {
        taskQueue: floorQueue,
        workflowId: floorOne.workflowId,
        ...taggedStepStart(floorOne.input),
      });
      await sleep(300);
      const floorHist = await submitApprove(
        fh,
        () => fh.executeUpdate(submitStep, { args: [{ actor: floorOne.input.assignee, note: 'shape' }] }),
        () => fh.executeUpdate(approveStep, { args: [{ actor: floorOne.input.approver!, note: 'shape' }] }),
      );
      floorShape = shapeOf(floorHist);
      bytes = { step: historyBytes(hist), noop: historyBytes(noopHist), floor: historyBytes(floorHist) };
      console.error(
        `  step workflow: ${describeShape(shape)}; no-op: ${describeShape(noopShape)}; guarantees floor: ${describeShape(floorShape)}`,
      );

      type Run = { handle: WorkflowHandle; submit(): Promise<unknown>; approve(): Promise<unknown> };
      const startStep = async (s: StepStart, taskQueue = stepQueue, type = STEP_WORKFLOW_TYPE): Promise<Run> => {
        const handle = await client.workflow.start(type, {
          taskQueue,
          workflowId: s.workflowId,
          ...taggedStepStart(s.input),
        });
        return {
          handle,
          submit: () => handle.executeUpdate(submitStep, { args: [{ actor: s.input.assignee, note: 'Đã thực hiện' }] }),
          approve: () => handle.executeUpdate(approveStep, { args: [{ actor: s.input.approver!, note: 'Đồng ý' }] }),
        };
      };
      const startNoop = async (): Promise<Run> => {
        const handle = await client.workflow.start('noopStepWorkflow', {
          taskQueue: noopQueue,
          workflowId: `noop-${tag}-${++noops}`,
          args: [shape],
        });
        return {
          handle,
          submit: () => handle.executeUpdate('noopSubmit', { args: ['Đã thực hiện'] }),
          approve: () => handle.executeUpdate('noopApprove', { args: ['Đồng ý'] }),
        };
      };
      const starters = async (kind: Side, n: number): Promise<(() => Promise<Run>)[]> => {
        if (kind === 'noop') return Array.from({ length: n }, () => startNoop);
        const starts = await seedStepRun(db.url, real.slices, `BENCH-WF-${++plans}`, n);
        const queue = { step: stepQueue, echo: echoQueue, record: recordQueue, floor: floorQueue }[kind];
        const type = kind === 'floor' ? FLOOR_WORKFLOW_TYPE : STEP_WORKFLOW_TYPE;
        return starts.map((s) => () => startStep(s, queue, type));
      };

      // 1. Throughput: K workflows, CLIENTS at a time, each started, submitted, approved and awaited.
      if (sections.has('throughput')) {
        let timing = false;
        const rounds: Record<Side, number> = { step: 0, noop: 0, echo: 0, record: 0, floor: 0 };
        // Where each side's time goes: CPU per workflow of this process (both workers, the client, the SMTP catcher),
        // the dev server and PostgreSQL, read from /proc around each timed repeat.
        const cpu: Record<Side, Record<CpuPart, number[]>> = {
          step: { node: [], temporal: [], postgres: [] },
          noop: { node: [], temporal: [], postgres: [] },
          echo: { node: [], temporal: [], postgres: [] },
          record: { node: [], temporal: [], postgres: [] },
          floor: { node: [], temporal: [], postgres: [] },
        };
        const throughput = async (kind: Side): Promise<number> => {
          const todo = await starters(kind, K);
          const timed = timing;
          const label = `  throughput ${kind.padEnd(6)} ${timed ? `#${++rounds[kind]}` : 'warm-up'}`;
          let next = 0;
          let done = 0;
          const before = cpuNow();
          const started = performance.now();
          await Promise.all(
            Array.from({ length: CLIENTS }, async () => {
              while (next < todo.length) {
                const run = await todo[next++]();
                await run.submit();
                await run.approve();
                await run.handle.result();
                progress(label, ++done, todo.length);
              }
            }),
          );
          const elapsed = performance.now() - started;
          if (timed) addCpu(cpu[kind], before, cpuNow(), todo.length);
          return todo.length / (elapsed / 1000);
        };
        await throughput('noop'); // warm every side once (bundles loaded, pools filled)
        await throughput('step');
        await throughput('echo');
        await throughput('record');
        await throughput('floor');
        timing = true;
        const echoes: number[] = [];
        const records: number[] = [];
        const floors: number[] = [];
        const tp = await interleaved(
          o.repeats,
          () => throughput('noop'),
          async () => {
            const wfs = await throughput('step');
            echoes.push(await throughput('echo'));
            records.push(await throughput('record'));
            floors.push(await throughput('floor'));
            return wfs;
          },
        );
        results.push(
          result({
            metric: 'step workflow throughput (submit → approve) vs no-op workflow',
            unit: 'wf/s',
            subject: tp.subject,
            baseline: tp.baseline,
            better: 'higher',
            goal: '≥ 0.7×',
            min: 0.7,
            repeats: o.repeats,
            note:
              `${K} workflows per repeat, ${CLIENTS} concurrent clients, one in-process worker per kind (default options); no-op: ${describeShape(noopShape)} ` +
              `as the step workflow's ${describeShape(shape)}; step ${tp.subjects.map(fmt).join('/')}, no-op ${tp.baselines.map(fmt).join('/')} wf/s; ` +
              `CPU ms per workflow (median): step ${cpuNote(cpu.step)}, no-op ${cpuNote(cpu.noop)}; ` +
              `step echo (the step workflow on activities answering at once what the real ones answered, run after each step repeat) ${echoes.map(fmt).join('/')} wf/s, ` +
              `${fmt(median(echoes) / tp.baseline)}× the no-op, CPU ms per workflow ${cpuNote(cpu.echo)}; ` +
              `step transaction only (real transitions, the mails not sent, run after each echo) ${records.map(fmt).join('/')} wf/s, ` +
              `${fmt(median(records) / tp.baseline)}× the no-op, CPU ms per workflow ${cpuNote(cpu.record)}; ` +
              `guarantees floor (the step's transactions, mails, search attributes and answers with the least workflow code, ${describeShape(floorShape)}, run after each transaction only) ${floors.map(fmt).join('/')} wf/s, ` +
              `${fmt(median(floors) / tp.baseline)}× the no-op, the step ${fmt(tp.subject / median(floors))}× the floor, CPU ms per workflow ${cpuNote(cpu.floor)}; ` +
              `history ${fmt(bytes.step / 1024)} KiB (step) vs ${fmt(bytes.noop / 1024)} KiB (no-op), ${fmt(bytes.floor / 1024)} KiB (floor)`,
          }),
        );
      }

      // 2. The approval Update's round-trip, one workflow at a time (submitted first, then the approval timed).
      if (sections.has('update')) {
        const approvals = async (kind: 'step' | 'noop'): Promise<number[]> => {
          const todo = await starters(kind, L);
          // Started and submitted 8 at a time (not timed), then left to settle: each waits for its approval.
          const runs: Run[] = [];
          let next = 0;
          await Promise.all(
            Array.from({ length: 8 }, async () => {
              while (next < todo.length) {
                const run = await todo[next++]();
                await run.submit();
                runs.push(run);
              }
            }),
          );
          await sleep(500);
          const ms: number[] = [];
          for (const run of runs) {
            const t0 = performance.now();
            await run.approve();
            ms.push(performance.now() - t0);
          }
          await Promise.all(runs.map((r) => r.handle.result()));
          if (kind === 'noop') dispatch = dispatchMs(await runs[runs.length - 1].handle.fetchHistory());
          return ms;
        };
        const stepMs: number[][] = [];
        const noopMs: number[][] = [];
        const up = await interleaved(
          o.repeats,
          async () => {
            const x = await approvals('noop');
            noopMs.push(x);
            return percentile(x, 95);
          },
          async () => {
            const x = await approvals('step');
            stepMs.push(x);
            return percentile(x, 95);
          },
        );
        results.push({
          metric: 'approval Update → handler done (executeUpdate), p95, vs no-op',
          unit: 'ms p95',
          subject: up.subject,
          baseline: up.baseline,
          ratio: up.subject / up.baseline,
          better: 'lower',
          goal: '≤ no-op + 50 ms',
          met: up.subject <= up.baseline + 50,
          repeats: o.repeats,
          note:
            `${L} approvals per repeat, one at a time, each to a submitted workflow waiting on its timer; the step's handler answers once the transition is recorded (one PostgreSQL transaction), its mails (SMTP catcher) sent after the answer; the no-op's after both of its activities; ` +
            `medians: step ${fmt(median(stepMs.flat()))} ms, no-op ${fmt(median(noopMs.flat()))} ms; difference of p95 ${fmt(up.subject - up.baseline)} ms; ` +
            `the dev server took ${fmt(dispatch)} ms (median) from a task scheduled to started in the last no-op history (an approval goes through ${shape.onApprove} activity and ${shape.onApprove + 1} workflow tasks)`,
        });
      }
    } finally {
      stepWorker.shutdown();
      noopWorker.shutdown();
      echoWorker.shutdown();
      recordWorker.shutdown();
      floorWorker.shutdown();
      await Promise.all(running);
      await real.close();
      await clientConnection.close();
      await connection.close();
    }

    // ---- 3. Memory: a fresh child process per measurement.
    let memoryRuns = 0;
    const memory = (kind: 'step' | 'noop', n: number, cache?: number) =>
      new Promise<MemoryReport>((resolve, reject) => {
        const job: MemoryJob = {
          kind,
          address: server.address,
          n,
          initial: shape.initial,
          noop: shape,
          noopBundlePath,
          databaseUrl: db.url,
          smtpUrl,
          planId: `BENCH-WF-M${++memoryRuns}`,
          cache,
        };
        const child = fork(join(projectRoot(), 'dist', 'bench', 'lib', 'memory-worker.js'), [JSON.stringify(job)], {
          execArgv: ['--expose-gc', '--enable-source-maps'],
          env: { ...process.env, NODE_OPTIONS: '' },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        let report: MemoryReport | undefined;
        child.on('message', (m) => (report = m as MemoryReport));
        child.on('exit', (code) => {
          if (code === 0 && report) {
            if (cache === undefined ? report.cached !== n : report.cached > cache)
              return reject(new Error(`memory ${kind}: ${report.cached} workflows cached (${n} started, cache ${cache ?? 'all'})`));
            if (cache !== undefined && report.running >= 0 && report.running !== n)
              return reject(new Error(`memory ${kind}: ${report.running} workflows running on the server, not ${n}`));
            console.error(
              cache === undefined
                ? `  memory ${kind.padEnd(4)}: ${fmt(report.heapKiB)} KiB heap, ${fmt(report.rssKiB)} KiB RSS per workflow (${n} cached)`
                : `  memory ${kind.padEnd(4)}, ${n} waiting, ${report.cached} cached: ${fmt(report.rssMiB)} MiB RSS, ${fmt(report.heapMiB)} MiB heap ` +
                    `(grown by ${fmt(report.rssKiB)} KiB RSS, ${fmt(report.heapKiB)} KiB heap per workflow)`,
            );
            resolve(report);
          } else reject(new Error(`memory-worker (${kind}) exited with ${code}`));
        });
      });

    // Per cached workflow: a cache above N, every workflow in it; grown by, per workflow.
    if (sections.has('memory')) {
      const reports: MemoryReport[] = [];
      const measure = async (kind: 'step' | 'noop') => {
        const r = await memory(kind, N);
        reports.push(r);
        return r.heapKiB;
      };
      const heap = await interleaved(
        o.repeats,
        () => measure('noop'),
        () => measure('step'),
      );
      const rssOf = (kind: string) => median(reports.filter((r) => r.kind === kind).map((r) => r.rssKiB));
      const memNote = `${N} workflows waiting on their timers in one worker (maxCachedWorkflows ${N + 50}, workflows in the main thread: debugMode, same reusable V8 context), measured after forced GC; a fresh process per repeat`;
      results.push(
        result({
          metric: 'worker JS heap per cached workflow: step vs no-op',
          unit: 'KiB',
          subject: heap.subject,
          baseline: heap.baseline,
          better: 'lower',
          goal: '≤ 2×',
          max: 2,
          repeats: o.repeats,
          note: memNote,
        }),
      );
      const rss = { subject: rssOf('step'), baseline: rssOf('noop') };
      results.push(
        result({
          metric: 'worker RSS per cached workflow: step vs no-op',
          unit: 'KiB',
          subject: rss.subject,
          baseline: rss.baseline,
          better: 'lower',
          goal: '≤ 2×',
          max: 2,
          repeats: o.repeats,
          note: `${memNote}; RSS also holds the Rust core's state of each cached run`,
        }),
      );
    }

    // At a province's size: E workflows waiting, all but the last EVICTED_CACHE evicted from the sticky cache; the
    // worker's whole RSS and JS heap then.
    if (sections.has('evicted')) {
      const reports: MemoryReport[] = [];
      const measure = async (kind: 'step' | 'noop') => {
        const r = await memory(kind, E, EVICTED_CACHE);
        reports.push(r);
        return r.rssMiB;
      };
      const rss = await interleaved(
        o.repeats,
        () => measure('noop'),
        () => measure('step'),
      );
      const of = (kind: string, f: (r: MemoryReport) => number) => reports.filter((r) => r.kind === kind).map(f);
      const heap = { subject: median(of('step', (r) => r.heapMiB)), baseline: median(of('noop', (r) => r.heapMiB)) };
      const list = (xs: number[]) => xs.map(fmt).join('/');
      const note =
        `${E} workflows started and left waiting on their timers in one worker with maxCachedWorkflows ${EVICTED_CACHE} ` +
        `(${median(of('step', (r) => r.cached))} step / ${median(of('noop', (r) => r.cached))} no-op left in the cache, ` +
        `${median(of('step', (r) => r.running))} / ${median(of('noop', (r) => r.running))} running on the server), workflows in the main thread (debugMode), ` +
        `after forced GC, a fresh process per repeat; both kinds load the same modules, the step's opens its PostgreSQL pool and SMTP transport; ` +
        `RSS step ${list(of('step', (r) => r.rssMiB))}, no-op ${list(of('noop', (r) => r.rssMiB))} MiB; ` +
        `heap step ${list(of('step', (r) => r.heapMiB))}, no-op ${list(of('noop', (r) => r.heapMiB))} MiB; ` +
        `grown by per workflow: RSS step ${list(of('step', (r) => r.rssKiB))}, no-op ${list(of('noop', (r) => r.rssKiB))} KiB`;
      results.push(
        result({
          metric: `worker RSS with ${E} waiting workflows evicted from the sticky cache (${EVICTED_CACHE}): step vs no-op`,
          unit: 'MiB',
          subject: rss.subject,
          baseline: rss.baseline,
          better: 'lower',
          goal: '≤ 1.5×',
          max: 1.5,
          repeats: o.repeats,
          note,
        }),
        result({
          metric: `worker JS heap, same run (${E} waiting, cache ${EVICTED_CACHE}): step vs no-op`,
          unit: 'MiB',
          subject: heap.subject,
          baseline: heap.baseline,
          better: 'lower',
          goal: '≤ 1.5×',
          max: 1.5,
          repeats: o.repeats,
        }),
      );
    }

    // ---- 4. A state change through the real API: the api in this process, the worker binary as a child process.
    if (!sections.has('api')) return results;
    const s = await startStack({ temporalAddress: server.address, rateLimitPerMin: 1_000_000 });
    try {
      await s.startWorker();
      const total = o.repeats * M;
      const steps = [
        ...Array.from({ length: total }, (_, i) => stepFactory({ id: `A${String(i).padStart(4, '0')}`, due: '2023-09-05' })),
        ...Array.from({ length: total }, (_, i) => stepFactory({ id: `B${String(i).padStart(4, '0')}`, due: '2023-09-05' })),
      ];
      const plan = await s.loadPlan(planFactory({ id: 'BENCH-API' }, steps));
      const run = await s.runPlan(plan.id, { speed: 1, planStart: '2023-04-03' });
      if (run.status !== 200) throw new Error(`POST /run: ${run.status} ${JSON.stringify(run.body)}`);
      const path = (id: string) => `/api/v1/plans/${plan.id}/steps/${encodeURIComponent(id)}`;
      const visible = async (id: string, state: string, t0: number): Promise<number> => {
        for (;;) {
          const r = await s.http<{ state: string }>('GET', path(id));
          if (r.status !== 200) throw new Error(`GET step ${id}: ${r.status} ${JSON.stringify(r.body)}`);
          if (r.body.state === state) return performance.now() - t0;
          if (performance.now() - t0 > 30_000) throw new Error(`step ${id} not ${state} after 30 s`);
        }
      };
      const next = { A: 0, B: 0 };
      const apiMs: number[][] = [];
      const sqlMs: number[][] = [];
      // Through the workflow: POST (an Update, answered once recorded), then GET until the step shows it.
      const viaApi = async (): Promise<number> => {
        const ms: number[] = [];
        for (let i = 0; i < M; i++) {
          const id = `A${String(next.A++).padStart(4, '0')}`;
          for (const [action, actor, state] of [
            ['submission', 'officer_ldtbxh', 'submitted'],
            ['approval', 'vice_chair_vhxh', 'completed'],
          ] as const) {
            const t0 = performance.now();
            const r = await s.http('POST', `${path(id)}/${action}`, { note: 'Bench' }, actor);
            if (r.status !== 200) throw new Error(`POST ${action} of ${id}: ${r.status} ${JSON.stringify(r.body)}`);
            ms.push(await visible(id, state, t0));
          }
        }
        apiMs.push(ms);
        return percentile(ms, 99);
      };
      // Baseline: the same row changed by one SQL UPDATE (no workflow, no audit, no mail), then the same GET.
      const viaSql = async (): Promise<number> => {
        const ms: number[] = [];
        for (let i = 0; i < M; i++) {
          const id = `B${String(next.B++).padStart(4, '0')}`;
          for (const state of ['submitted', 'completed']) {
            const t0 = performance.now();
            await s.ds.query(`UPDATE step SET state = $3 WHERE plan_id = $1 AND step_id = $2`, [plan.id, id, state]);
            ms.push(await visible(id, state, t0));
          }
        }
        sqlMs.push(ms);
        return percentile(ms, 99);
      };
      await viaSql(); // warm: the api's first requests
      next.B = 0;
      await s.ds.query(`UPDATE step SET state = 'assigned' WHERE plan_id = $1 AND step_id LIKE 'B%'`, [plan.id]);
      const vis = await interleaved(o.repeats, viaSql, viaApi);
      results.push({
        metric: 'state change → visible in the API (POST, then GET), p99, vs SQL UPDATE + GET',
        unit: 'ms p99',
        subject: vis.subject,
        baseline: vis.baseline,
        ratio: vis.subject / vis.baseline,
        better: 'lower',
        goal: '≤ 1000 ms',
        met: vis.subject <= 1000,
        repeats: o.repeats,
        note:
          `${2 * M} changes per repeat (submission and approval of ${M} steps), one at a time, real api + worker process; ` +
          `baseline: the same step row changed by one SQL UPDATE, then the same GET; medians: api ${fmt(median(apiMs.flat()))} ms, SQL ${fmt(median(sqlMs.flat()))} ms; ` +
          `p99 over all: api ${fmt(percentile(apiMs.flat(), 99))} ms`,
      });
    } finally {
      await s.close();
    }
    return results;
  } finally {
    await catcher.stop();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

type CpuPart = 'node' | 'temporal' | 'postgres';

/** CPU used so far, µs: this process (process.cpuUsage), the dev server and PostgreSQL (/proc; undefined: unknown). */
function cpuNow(): Record<CpuPart, number | undefined> {
  const own = process.cpuUsage();
  return { node: own.user + own.system, temporal: processCpuMicros('temporal'), postgres: processCpuMicros('postgres') };
}

function addCpu(into: Record<CpuPart, number[]>, a: ReturnType<typeof cpuNow>, b: ReturnType<typeof cpuNow>, workflows: number): void {
  for (const part of ['node', 'temporal', 'postgres'] as const) {
    const [x, y] = [a[part], b[part]];
    if (x !== undefined && y !== undefined) into[part].push((y - x) / workflows / 1000);
  }
}

const cpuNote = (c: Record<CpuPart, number[]>): string =>
  (['node', 'temporal', 'postgres'] as const)
    .filter((part) => c[part].length)
    .map((part) => `${{ node: 'node', temporal: 'dev server', postgres: 'PostgreSQL' }[part]} ${median(c[part]).toFixed(1)}`)
    .join(', ');
