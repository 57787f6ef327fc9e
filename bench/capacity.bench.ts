// `npm run bench -- --only=capacity [--quick] [--province-communes=N]`: the province rehearsal's plan (bench/
// province.rehearsal.ts: the same shape, dues, plan start, compressed plan day, acting share) run three ways in one
// run — the Temporal dev server with one worker (the baseline), a real Temporal cluster on PostgreSQL (five processes,
// libs/temporal/src/cluster.ts) with one worker, the same with two — each on a fresh server, database and catcher.
// For each: step workflows started/s, transitions/s, notice lag p50/p99 (planned instant → mail in the catcher), the
// ratios against the baseline, and lost/duplicated counted as the rehearsal counts them.
import { join } from 'node:path';
import { spawnApp } from '../apps/launcher/src/services.js';
import { PROVINCE_FULL, PROVINCE_QUICK, provinceInstances, provincePlanFactory } from '../test/factories/province-plan.factory.js';
import { startTestCluster, type TestCluster } from '../test/utils/cluster.js';
import { auditLine, auditRun, outboxDrained, rehearse, temporalClient } from '../test/utils/rehearsal.js';
import { seedPlan, startStack, type Stack } from '../test/utils/stack.js';
import { projectRoot } from '#libs/config/src/project-root.js';
import {
  capacityRatios,
  capacityTable,
  lagPercentiles,
  loadSampler,
  machineLine,
  overallRate,
  peakRate,
  type SetupFigures,
} from './lib/capacity.js';
import { noticeLagsOf } from './lib/notice-lag.js';
import { benchTemporal } from './lib/temporal.js';
import { fmt, progress, result, type BenchResult } from './lib/stats.js';

interface Setup {
  name: string;
  server: 'dev' | 'cluster';
  workers: 1 | 2;
}
const SETUPS: Setup[] = [
  { name: 'dev server, 1 worker', server: 'dev', workers: 1 },
  { name: 'cluster, 1 worker', server: 'cluster', workers: 1 },
  { name: 'cluster, 2 workers', server: 'cluster', workers: 2 },
];

export async function capacityBench(o: { quick: boolean }): Promise<BenchResult[]> {
  process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (process.env.TEMPORAL_ADDRESS) throw new Error('the capacity bench starts its own dev server and clusters: unset TEMPORAL_ADDRESS');
  const communes = Number(process.argv.find((a) => a.startsWith('--province-communes='))?.split('=')[1] ?? 0);
  const shape = { ...(o.quick ? PROVINCE_QUICK : PROVINCE_FULL), ...(communes > 0 ? { communes } : {}) };
  const daySeconds = o.quick ? 20 : 120;
  console.error(
    `  ${provinceInstances(shape)} step instances (${shape.communes} communes), a plan day in ${daySeconds} s, three setups: ${SETUPS.map((x) => x.name).join('; ')}`,
  );
  const figures: SetupFigures[] = [];
  const audits: string[] = [];
  for (const setup of SETUPS) {
    console.error(`  ▷ ${setup.name} — ${machineLine()}`);
    const { figures: f, audit } = await runSetup(setup, shape, daySeconds, o.quick);
    figures.push(f);
    audits.push(`  ${setup.name}: ${audit}`);
    console.error(
      `    ${setup.name}: ${fmt(f.startedPerS)} started/s, ${fmt(f.transitionsPerS)} transitions/s, lag p50 ${(f.lagP50Ms / 1000).toFixed(1)} s p99 ${(f.lagP99Ms / 1000).toFixed(1)} s, lost=${f.lost} duplicated=${f.duplicated}`,
    );
  }

  console.log(
    [
      `capacity (${o.quick ? 'quick' : 'full'}): ${provinceInstances(shape)} instances (${shape.communes} communes), a plan day in ${daySeconds} s; ratios in brackets against the dev server with one worker`,
      capacityTable(figures),
      ...audits,
      `  notice lag samples: ${figures.map((f) => `${f.setup} ${f.lagSamples}`).join(', ')}`,
    ].join('\n'),
  );

  const [base, ...subjects] = figures;
  const scale = o.quick ? 'quick' : 'full';
  const rows: BenchResult[] = [];
  for (const s of subjects) {
    const q = capacityRatios(base, s);
    const measured = { goal: '(measured)', repeats: 1 } as const;
    rows.push(
      {
        ...result({
          metric: `capacity ${scale}: ${s.setup}, step workflows started vs dev server + 1 worker`,
          unit: 'wf/s',
          subject: s.startedPerS,
          baseline: base.startedPerS,
          better: 'higher',
          ...measured,
        }),
        met: true,
      },
      {
        ...result({
          metric: `capacity ${scale}: ${s.setup}, transitions over the run vs dev server + 1 worker`,
          unit: 'tr/s',
          subject: s.transitionsPerS,
          baseline: base.transitionsPerS,
          better: 'higher',
          ...measured,
        }),
        met: true,
      },
      {
        ...result({
          metric: `capacity ${scale}: ${s.setup}, notice lag p50 (× the dev server's)`,
          unit: 's',
          subject: s.lagP50Ms / 1000,
          baseline: base.lagP50Ms / 1000,
          better: 'lower',
          ...measured,
        }),
        ratio: q.lagP50,
        met: true,
      },
      {
        ...result({
          metric: `capacity ${scale}: ${s.setup}, notice lag p99 (× the dev server's)`,
          unit: 's',
          subject: s.lagP99Ms / 1000,
          baseline: base.lagP99Ms / 1000,
          better: 'lower',
          ...measured,
        }),
        ratio: q.lagP99,
        met: true,
      },
    );
  }
  for (const s of figures) {
    const r = result({
      metric: `capacity ${scale}: ${s.setup}, lost + duplicated`,
      unit: 'count',
      subject: s.lost + s.duplicated,
      baseline: 0,
      better: 'lower',
      goal: '0',
      repeats: 1,
      note: `load average ${s.load.min.toFixed(1)}–${s.load.max.toFixed(1)} over ${s.seconds.toFixed(0)} s`,
    });
    rows.push({ ...r, ratio: r.subject === 0 ? 1 : 0, met: r.subject === 0 });
  }
  return rows;
}

async function runSetup(
  setup: Setup,
  shape: typeof PROVINCE_QUICK,
  daySeconds: number,
  quick: boolean,
): Promise<{ figures: SetupFigures; audit: string }> {
  const load = loadSampler();
  const began = Date.now();
  let cluster: TestCluster | undefined;
  let dev: { address: string; stop(): Promise<void> } | undefined;
  let s: Stack | undefined;
  let worker2: ReturnType<typeof spawnApp> | undefined;
  try {
    if (setup.server === 'dev') dev = await benchTemporal();
    else {
      console.error('    starting a Temporal cluster (five processes, PostgreSQL) in databases of its own');
      cluster = await startTestCluster();
    }
    const address = dev?.address ?? cluster!.temporal.address;
    s = await startStack({ temporalAddress: address, rateLimitPerMin: 1_000_000 });
    await s.startWorker();
    if (setup.workers === 2) worker2 = await startSecondWorker(s);
    const spec = await s.loadPlan(
      provincePlanFactory(seedPlan(), shape, { id: quick ? 'TINH-2023-Q' : 'TINH-2023', dues: ['2023-04-12', '2023-04-13', '2023-04-14'] }),
    );
    const shown = new Map<string, number>();
    const run = await rehearse(s, spec, {
      daySeconds,
      planStart: '2023-03-27',
      actingShare: 0.8,
      concurrency: 8,
      timeoutMs: (quick ? 45 : 150) * 60_000,
      onProgress: (phase, done, total) => {
        if (shown.get(phase) === done) return;
        shown.set(phase, done);
        progress(`    ${setup.name}: ${phase.padEnd(13)}`, done, total);
      },
    });
    await outboxDrained(s, spec.id, 300_000);
    const temporal = await temporalClient(address);
    let auditText: string;
    let lost: number;
    let duplicated: number;
    try {
      const audit = await auditRun(s, spec, run, temporal.client);
      auditText = auditLine(audit);
      lost = audit.lost;
      duplicated = audit.duplicated;
    } finally {
      await temporal.close();
    }

    const q = <T = any>(sql: string): Promise<T[]> => s!.ds.query(sql, [spec.id]);
    const events = await q<{ step_id: string; seq: number; kind: string; at: Date }>(
      `SELECT step_id, seq, kind, at FROM step_event WHERE plan_id = $1`,
    );
    const times = events.map((e) => e.at.getTime());
    const assigned = events.filter((e) => e.kind === 'assigned');
    const { lags } = await noticeLagsOf(
      s,
      spec,
      run.instances.filter((i) => !run.acting.has(i.key)),
      events,
    );
    const { p50, p99 } = lagPercentiles(lags);
    const lastAssigned = Math.max(...assigned.map((e) => e.at.getTime()));
    return {
      figures: {
        setup: setup.name,
        instances: run.instances.length,
        startedPerS: assigned.length / ((lastAssigned - run.runStartedAt) / 1000),
        transitionsPerS: overallRate(times),
        peakTransitionsPerS: peakRate(times),
        lagP50Ms: p50,
        lagP99Ms: p99,
        lagSamples: lags.length,
        lost,
        duplicated,
        load: load.stop(),
        seconds: (Date.now() - began) / 1000,
      },
      audit: auditText,
    };
  } finally {
    if (worker2 && worker2.child.exitCode === null) {
      worker2.child.kill('SIGTERM');
      await worker2.exited;
    }
    await s?.close();
    await cluster?.close();
    await dev?.stop();
  }
}

/** A second worker process on the stack's task queue, configured as the stack's own (test/utils/cluster.ts does the same). */
async function startSecondWorker(s: Stack): Promise<ReturnType<typeof spawnApp>> {
  const lines: string[] = [];
  const w = spawnApp(
    'worker-2',
    join(projectRoot(), 'dist', 'apps', 'worker', 'src', 'main.js'),
    {
      ...process.env,
      DATABASE_APP_URL: s.config.appDatabaseUrl,
      TEMPORAL_ADDRESS: s.config.temporal.address,
      TEMPORAL_TASK_QUEUE: s.config.temporal.taskQueue,
      SMTP_URL: s.config.smtp.url,
      APP_BASE_URL: s.baseUrl,
      APP_SECRET: s.config.secret,
      NODE_OPTIONS: '',
      NO_COLOR: '1',
    },
    (line) => {
      lines.push(line);
      if (lines.length > 200) lines.shift();
    },
  );
  const deadline = Date.now() + 90_000;
  while (!lines.join('\n').includes(`polling ${s.config.temporal.taskQueue}`)) {
    if (w.child.exitCode !== null) throw new Error(`worker-2 exited:\n${lines.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`worker-2 did not start:\n${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return w;
}
