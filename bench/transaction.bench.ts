// The state-change transaction (step row + audit event + rollup + outbox mail, StepTransitionsService.record) beside
// pgbench's TPC-B-like transaction on the same database, same number of clients. Goal: ≥ 0.25× of pgbench's tps.
import { createWorkerServices } from '../apps/worker/src/worker-services.js';
import { spawnSync } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { createDataSource } from '#libs/database/src/index.js';
import { planFactory, stepFactory } from '../test/factories/plan.factory.js';
import { seedRunningSteps } from '../test/factories/running-step.js';
import { benchDatabase, libpqEnv } from './lib/database.js';
import { postgresCostOf } from './lib/cpu-cost.js';
import { interleaved, median, progress, result, type BenchResult } from './lib/stats.js';

const CLIENTS = 4;

export async function transactionBench(o: { quick: boolean; repeats: number }): Promise<BenchResult[]> {
  const db = await benchDatabase();
  const ds: DataSource = await createDataSource(db.url, { poolSize: CLIENTS + 1 }).initialize();
  try {
    const perRepeat = o.quick ? 400 : 2_000;
    // A plan the size of the seed plan (42 steps); each step gets its "assigned" transition, then reminders.
    const steps = Array.from({ length: 42 }, (_, i) => stepFactory({ id: `B${String(i).padStart(3, '0')}`, due: '2023-09-05' }));
    const plan = planFactory({ id: 'BENCH-TX' }, steps);
    const realStart = new Date();
    await seedRunningSteps(ds, plan, steps, realStart);
    const service = createWorkerServices(ds, { baseUrl: 'http://dondoc.bench' }).transitions;
    const pgEnv = libpqEnv(db.url);
    const init = spawnSync('pgbench', ['-i', '-q', '-s', '4'], { env: pgEnv, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`pgbench -i failed (is pgbench installed? apt-get install postgresql-client): ${init.stderr}`);

    let next = 0;
    let repeat = 0;
    const seqOf = new Map<string, number>();
    // dondoc: `perRepeat` transitions (each: step row, audit event with its hash, rollup, one outbox mail) by CLIENTS
    // at once; a client owns its steps, so each step's transitions come in order as they do from its workflow.
    // The bench process's own CPU per transition (the worker's share: TypeORM, pg, the mail and its .ics): on a shared
    // machine the tx/s ratio moves with the scheduler's share, this much less.
    const cpuPerTx: number[] = [];
    // PostgreSQL's side of each transaction, from /proc and the WAL position: server CPU and WAL per transaction, both sides.
    const server = { ours: { cpu: [] as number[], wal: [] as number[] }, pgbench: { cpu: [] as number[], wal: [] as number[] } };
    const measured = async (side: keyof typeof server, work: () => Promise<{ value: number; transactions: number }>) => {
      const r = await postgresCostOf(ds, work);
      if (r.cpuMicrosPerTx !== undefined) server[side].cpu.push(r.cpuMicrosPerTx);
      if (r.walBytesPerTx !== undefined) server[side].wal.push(r.walBytesPerTx);
      return r.value;
    };
    const ourRepeat = async (): Promise<number> => {
      let done = 0;
      const cpu = process.cpuUsage();
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          const own = steps.filter((_, i) => i % CLIENTS === c);
          for (let k = 0; k < perRepeat / CLIENTS; k++) {
            const s = own[k % own.length];
            const seq = (seqOf.get(s.id) ?? 0) + 1;
            seqOf.set(s.id, seq);
            const transition =
              seq === 1 ? { kind: 'assigned' as const } : { kind: 'reminder' as const, to: s.assignee, offsetWd: -1, date: '2023-09-04' };
            await service.record({ planId: plan.id, stepId: s.id, seq, transition });
            progress(`transaction bench, repeat ${repeat + 1}`, ++done, perRepeat);
          }
        }),
      );
      const used = process.cpuUsage(cpu);
      cpuPerTx.push((used.user + used.system) / perRepeat);
      next += perRepeat;
      repeat++;
      return perRepeat / ((performance.now() - started) / 1000);
    };
    const ours = () => measured('ours', async () => ({ value: await ourRepeat(), transactions: perRepeat }));
    // pgbench: the built-in TPC-B-like script for about as long, same clients.
    const seconds = o.quick ? 3 : 10;
    const pgbench = () =>
      measured('pgbench', async () => {
        const r = spawnSync('pgbench', ['-n', '-c', String(CLIENTS), '-j', '2', '-T', String(seconds)], { env: pgEnv, encoding: 'utf8' });
        const m = /tps = ([\d.]+)/.exec(r.stdout);
        const n = /number of transactions actually processed: (\d+)/.exec(r.stdout);
        if (r.status !== 0 || !m || !n) throw new Error(`pgbench failed: ${r.stderr || r.stdout}`);
        return { value: Number(m[1]), transactions: Number(n[1]) };
      });
    const r = await interleaved(o.repeats, pgbench, ours);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM step_event WHERE plan_id = $1`, [plan.id]);
    const [{ mails }] = await ds.query(`SELECT count(*)::int AS mails FROM mail_outbox`);
    if (n !== next || mails !== next) throw new Error(`transaction bench wrote ${n} events and ${mails} mails for ${next} transitions`);
    return [
      result({
        metric: 'state-change transaction vs pgbench TPC-B',
        unit: 'tx/s',
        subject: r.subject,
        baseline: r.baseline,
        better: 'higher',
        goal: '≥ 0.25×',
        min: 0.25,
        repeats: o.repeats,
        note: `${CLIENTS} clients; step+event+rollup+outbox; checked ${n} events, ${mails} mails; node CPU ${Math.round(median(cpuPerTx))} µs per transition (median)${serverNote(server)}`,
      }),
    ];
  } finally {
    await ds.destroy();
    await db.drop();
  }
}

/** PostgreSQL's CPU and WAL per transaction on each side (medians of the repeats), when the machine could tell. */
function serverNote(server: Record<'ours' | 'pgbench', { cpu: number[]; wal: number[] }>): string {
  const { ours, pgbench } = server;
  const cpu =
    ours.cpu.length && pgbench.cpu.length
      ? `; PostgreSQL CPU ${Math.round(median(ours.cpu))} µs per transition vs ${Math.round(median(pgbench.cpu))} µs per pgbench transaction`
      : '';
  const wal =
    ours.wal.length && pgbench.wal.length ? `; WAL ${Math.round(median(ours.wal))} vs ${Math.round(median(pgbench.wal))} bytes` : '';
  return cpu + wal;
}
