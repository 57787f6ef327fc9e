// `npm run bench -- --only=province [--quick]`: a province plan (one province → communes → villages, ≈10k step
// instances in full, ≈1k quick) rehearsed at compressed time on a real worker, dev server, PostgreSQL and SMTP
// catcher; 80% of the assignees submit through the API, the rest never act. Checks that nothing was lost or doubled,
// that the rollups equal a recount and that the day's notices are spread; reports throughput and the largest history.
import { PROVINCE_FULL, PROVINCE_QUICK, provinceInstances, provincePlanFactory } from '../test/factories/province-plan.factory.js';
import { auditLine, auditRun, outboxDrained, rehearse, temporalClient } from '../test/utils/rehearsal.js';
import { seedPlan, startStack } from '../test/utils/stack.js';
import { benchTemporal } from './lib/temporal.js';
import { fmt, progress, result, type BenchResult } from './lib/stats.js';

export async function provinceRehearsal(o: { quick: boolean }): Promise<BenchResult[]> {
  process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  // `--province-communes=N` cuts the tree to N communes (the machine is busy, or a first look).
  const communes = Number(process.argv.find((a) => a.startsWith('--province-communes='))?.split('=')[1] ?? 0);
  const shape = { ...(o.quick ? PROVINCE_QUICK : PROVINCE_FULL), ...(communes > 0 ? { communes } : {}) };
  const temporal = await benchTemporal(7401);
  const s = await startStack({ temporalAddress: temporal.address, rateLimitPerMin: 1_000_000 });
  const { client, close } = await temporalClient(temporal.address);
  try {
    await s.startWorker();
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
    const run = await rehearse(s, spec, {
      daySeconds,
      planStart: '2023-03-27',
      actingShare: 0.8,
      concurrency: 8,
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
    ].map((r) =>
      r.metric.includes('lost') || r.metric.includes('rollup') || r.metric.includes('twice')
        ? { ...r, ratio: r.subject === 0 ? 1 : 0, met: r.subject === 0 }
        : r,
    );
  } finally {
    await close();
    await s.close();
    await temporal.stop();
  }
}
