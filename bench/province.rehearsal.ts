// `npm run bench -- --only=province [--quick]`: a province plan (one province → communes → villages, ≈10k step
// instances in full, ≈1k quick) rehearsed at compressed time on a real worker, dev server, PostgreSQL and SMTP
// catcher; 80% of the assignees submit through the API, the rest never act. Checks that nothing was lost or doubled,
// that the rollups equal a recount and that the day's notices are spread; reports throughput and the largest history.
// Beside the run, on the same dev server, no-op sleepers (bench/workflows/notice-sleeper.workflow.ts, a task queue and
// worker of their own in this process) sleep to the instants of the notices of the instances nobody acts on: the
// notice lag (instant → mail in the catcher) is set against theirs (instant → a no-op activity records the wake-up).
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { PROVINCE_FULL, PROVINCE_QUICK, provinceInstances, provincePlanFactory } from '../test/factories/province-plan.factory.js';
import { auditLine, auditRun, outboxDrained, rehearse, temporalClient } from '../test/utils/rehearsal.js';
import { seedPlan, startStack } from '../test/utils/stack.js';
import { lagPercentiles, loadSampler, sleeperLags } from './lib/capacity.js';
import { noticeLagsOf, noticeSleepers } from './lib/notice-lag.js';
import { benchTemporal } from './lib/temporal.js';
import { fmt, progress, result, type BenchResult } from './lib/stats.js';

const ACTING_SHARE = 0.8;

export async function provinceRehearsal(o: { quick: boolean }): Promise<BenchResult[]> {
  process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  // `--province-communes=N` cuts the tree to N communes (the machine is busy, or a first look).
  const communes = Number(process.argv.find((a) => a.startsWith('--province-communes='))?.split('=')[1] ?? 0);
  const shape = { ...(o.quick ? PROVINCE_QUICK : PROVINCE_FULL), ...(communes > 0 ? { communes } : {}) };
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed by an earlier benchmark of this run
  }
  const temporal = await benchTemporal();
  const s = await startStack({ temporalAddress: temporal.address, rateLimitPerMin: 1_000_000 });
  const { client, close } = await temporalClient(temporal.address);
  let sleepers: Awaited<ReturnType<typeof noticeSleepers>> | undefined;
  try {
    await s.startWorker();
    sleepers = await noticeSleepers(temporal.address, client);
    // Due Wed 12 – Fri 14/04/2023; the run starts early enough for every step to be started before its first reminder.
    const spec = await s.loadPlan(
      provincePlanFactory(seedPlan(), shape, {
        id: o.quick ? 'TINH-2023-Q' : 'TINH-2023',
        dues: ['2023-04-12', '2023-04-13', '2023-04-14'],
      }),
    );
    const daySeconds = o.quick ? 20 : 120;
    console.error(
      `  ${provinceInstances(shape)} step instances (${shape.communes} communes, ${shape.communes * shape.villagesPerCommune} villages), a plan day in ${daySeconds} s`,
    );
    const shown = new Map<string, number>();
    const load = loadSampler();
    const run = await rehearse(s, spec, {
      daySeconds,
      planStart: '2023-03-27',
      actingShare: ACTING_SHARE,
      concurrency: 8,
      // The baseline of the notice lag, side by side: started once the run's clock is set, done with its last notice.
      during: () => sleepers!.sleepThrough(s, spec, ACTING_SHARE),
      // The full size runs about 26 plan days at 120 s each after ≈ 9 min of starts: the 30 min default is too short.
      timeoutMs: (o.quick ? 30 : 120) * 60_000,
      onProgress: (phase, done, total) => {
        if (shown.get(phase) === done) return;
        shown.set(phase, done);
        progress(`  ${phase.padEnd(13)}`, done, total);
      },
    });
    await outboxDrained(s, spec.id);
    const audit = await auditRun(s, spec, run, client);

    const q = <T = any>(sql: string): Promise<T[]> => s.ds.query(sql, [spec.id]);
    const [{ first, last }] = await q(`SELECT min(at) AS first, max(at) AS last FROM step_event WHERE plan_id = $1`);
    const transitionsPerS = audit.transitions / ((last.getTime() - first.getTime()) / 1000);
    const [{ peak }] = await q(
      `SELECT coalesce(max(n), 0)::int AS peak FROM (SELECT count(*) AS n FROM step_event WHERE plan_id = $1 GROUP BY floor(extract(epoch FROM at) / 10)) w`,
    );
    const startedPerS = run.instances.length / ((run.allAssignedAt - run.runStartedAt) / 1000);
    // Spread: notices per plan minute (the jitter works in plan time) and mails per real second.
    const perPlanMinute = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM step_event WHERE plan_id = $1 AND kind IN ('reminder', 'escalation') GROUP BY date_trunc('minute', at_plan) ORDER BY n DESC LIMIT 1`,
    );
    const perPlanDay = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM step_event WHERE plan_id = $1 AND kind IN ('reminder', 'escalation') GROUP BY date_trunc('day', at_plan) ORDER BY n DESC LIMIT 1`,
    );
    const mailsPerSecond = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM mail_outbox WHERE plan_id = $1 GROUP BY date_trunc('second', sent_at) ORDER BY n DESC`,
    );
    const peakMinute = perPlanMinute[0]?.n ?? 0;
    const loadRange = load.stop();

    // Notice lag: the instances nobody acts on, instant → the last of a notice's mails in the catcher; the sleepers'
    // at the same instants.
    const events = await q<{ step_id: string; seq: number; kind: string; at: Date }>(
      `SELECT step_id, seq, kind, at FROM step_event WHERE plan_id = $1`,
    );
    const notices = await noticeLagsOf(
      s,
      spec,
      run.instances.filter((i) => !run.acting.has(i.key)),
      events,
    );
    const lag = lagPercentiles(notices.lags);
    const noop = sleeperLags(notices.due, sleepers.wakes);
    const noopLag = lagPercentiles(noop.lags);
    const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const lagNote =
      `instances nobody acts on: ${notices.lags.length} notices, instant → the last of its mails in the catcher; ` +
      `baseline: ${sleepers.started()} no-op sleeper workflows (own task queue and worker in the bench process, same dev server) ` +
      `sleeping to the same instants, instant → a no-op activity records the wake-up (${noop.lags.length} samples, ${noop.missing} missing); ` +
      `p50 ${secs(lag.p50)} vs ${secs(noopLag.p50)}, p99 ${secs(lag.p99)} vs ${secs(noopLag.p99)}; ` +
      `load average ${loadRange.min.toFixed(1)}–${loadRange.max.toFixed(1)} during the run`;
    /** A notice-lag row: the percentile beside the sleepers' same percentile. */
    const lagRow = (p: 'p50' | 'p99', o: { goal: string; max?: number; note?: string }) =>
      result({
        metric: `province ${scale}: notice lag ${p} (instant → mail in the catcher) vs no-op sleepers (instant → no-op activity)`,
        unit: 's',
        subject: lag[p] / 1000,
        baseline: noopLag[p] / 1000,
        better: 'lower',
        repeats: 1,
        ...o,
      });
    const peakDay = perPlanDay[0]?.n ?? 0;

    // The largest histories: the run's tree and the steps of people who never acted (they carry every notice).
    const ids = [
      `plan-${spec.id}`,
      ...(await q<{ workflow_id: string; step_id: string }>(`SELECT workflow_id, step_id FROM step WHERE plan_id = $1 ORDER BY step_id`))
        .filter((x) => !run.acting.has(x.step_id))
        .slice(0, o.quick ? 1000 : 300)
        .map((x) => x.workflow_id),
    ];
    for await (const wf of client.workflow.list({
      query: `TaskQueue = '${s.config.temporal.taskQueue}' AND WorkflowType = 'planRunWorkflow'`,
    }))
      ids.push(wf.workflowId);
    let largest = { id: '', events: 0, bytes: 0 };
    for (const id of new Set(ids)) {
      const h = await client.workflow.getHandle(id).fetchHistory();
      const bytes = Buffer.byteLength(JSON.stringify(h));
      if (bytes > largest.bytes) largest = { id, events: h.events?.length ?? 0, bytes };
    }

    console.log(
      [
        `province rehearsal (${o.quick ? 'quick' : 'full'}): ${run.instances.length} instances, ${run.acting.size} acting through the API (${run.apiCalls} calls), ` +
          `${((run.endedAt - run.runStartedAt) / 1000).toFixed(0)} s`,
        `  ${auditLine(audit)}`,
        `  throughput: ${fmt(startedPerS)} instances/s started; transitions ${fmt(peak / 10)}/s at the busiest 10 s, ${fmt(transitionsPerS)}/s over the run (${audit.transitions} in ${((last.getTime() - first.getTime()) / 1000).toFixed(0)} s)`,
        `  spread: busiest plan day ${peakDay} notices, busiest plan minute ${peakMinute} (without the per-instance offset all of a day's would fall at 08:00); ` +
          `mails per real second: peak ${mailsPerSecond[0]?.n ?? 0}, median ${mailsPerSecond[Math.floor(mailsPerSecond.length / 2)]?.n ?? 0} over ${mailsPerSecond.length} s`,
        `  largest history: ${largest.id} ${largest.events} events, ${(largest.bytes / 1024).toFixed(0)} KiB (JSON)`,
        `  notice lag: ${lagNote}`,
        `  lost=${audit.lost} duplicated=${audit.duplicated} redelivered=${audit.redeliveredMails}`,
      ].join('\n'),
    );
    const scale = o.quick ? 'quick' : 'full';
    return [
      result({
        metric: `province ${scale}: lost + duplicated (steps, notices, mails)`,
        unit: 'count',
        subject: audit.lost + audit.duplicated,
        baseline: 0,
        better: 'lower',
        goal: '0',
        repeats: 1,
        ratioOf: 'subject/baseline',
        note: auditLine(audit),
      }),
      result({
        metric: `province ${scale}: mails caught twice (same Message-ID)`,
        unit: 'count',
        subject: audit.redeliveredMails,
        baseline: 0,
        better: 'lower',
        goal: '0',
        repeats: 1,
      }),
      result({
        metric: `province ${scale}: rollup rows ≠ recount`,
        unit: 'count',
        subject: audit.rollupMismatches,
        baseline: 0,
        better: 'lower',
        goal: '0',
        repeats: 1,
      }),
      result({
        metric: `province ${scale}: notices in the busiest plan minute vs all at 08:00 (the busiest day's)`,
        unit: 'notices',
        subject: peakMinute,
        baseline: peakDay,
        better: 'lower',
        goal: '≥ 10×',
        min: 10,
        repeats: 1,
        ratioOf: 'baseline/subject',
        note: `${fmt(startedPerS)} instances/s started, ${fmt(peak / 10)} transitions/s at the busiest 10 s; largest history ${largest.id}: ${largest.events} events, ${(largest.bytes / 1024).toFixed(0)} KiB`,
      }),
      // p50 is shown beside its baseline, without a goal of its own; p99 has the goal.
      { ...lagRow('p50', { goal: '(measured)' }), met: true },
      lagRow('p99', { goal: '≤ 2×', max: 2, note: lagNote }),
    ].map((r) =>
      r.metric.includes('lost') || r.metric.includes('rollup') || r.metric.includes('twice')
        ? { ...r, ratio: r.subject === 0 ? 1 : 0, met: r.subject === 0 }
        : r,
    );
  } finally {
    await sleepers?.close();
    await close();
    await s.close();
    await temporal.stop();
  }
}
