import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { PlanRepository } from '#libs/database/src/index.js';
import { expandInstances, planCalendarYears, timedNotices, WorkingCalendar, type PlanSpec } from '#libs/domain/src/index.js';
import { startDevServer, type DevServer } from '#libs/temporal/src/dev-server.js';
import { PROVINCE_QUICK, provinceInstances, provincePlanFactory } from '../factories/province-plan.factory.js';
import { freePort } from '../utils/ports.js';
import { auditLine, auditRun, outboxDrained, rehearse, temporalClient } from '../utils/rehearsal.js';
import { seedPlan, startStack, type Stack } from '../utils/stack.js';

/**
 * The Temporal dev server keeps its state in a file; it is killed while the steps' timers are pending and started
 * again on the same file and port. A step workflow waits on one timer at a time (its next reminder, escalation or
 * overdue instant), so the timers pending inside Temporal at the instant of the kill are one per open step workflow,
 * and each later instant of the timelines becomes a timer of its own after the restart: "timer firings ahead" counts
 * those instants (the domain timeline at the kill), the histories count the timers pending at the kill and fired after.
 *
 * `npm run test:faults` (DONDOC_FAULTS=full): 172 instances at 8 s per plan day, ≈ 1,190 firings ahead at a SIGKILL
 * while the first reminders go out, down 10 s; then a graceful stop (SIGTERM) when the escalations begin, down 10 s
 * (≈ 3.2 min). `npm test`: 22 instances at 2 s per plan day, ≈ 145 firings ahead at a SIGKILL, down 4 s (≈ 45 s).
 * More instances do not mean more timers on a 2-core machine: at 204 the worker fell ~100 s behind the plan clock and
 * handled most instants as already past (no timer), so fewer timers fired than at 172.
 */
const full = process.env.DONDOC_FAULTS === 'full';
const shape = full
  ? { ...PROVINCE_QUICK, communes: 4, villagesPerCommune: 5, communeSteps: 3, villageSteps: 8 }
  : { ...PROVINCE_QUICK, communes: 2, villagesPerCommune: 3, communeSteps: 2, villageSteps: 3 };
const downSeconds = full ? 10 : 4;
/** Timer firings (notices and overdue instants) the timelines must still hold at the first kill. */
const minAhead = full ? 1000 : 100;
/** The outages: how the server is stopped, once how many step events of which kind are recorded. */
const outages: { signal: 'SIGKILL' | 'SIGTERM'; after: { kind: string; n: number } }[] = [
  { signal: 'SIGKILL', after: { kind: 'reminder', n: 3 } },
  ...(full ? [{ signal: 'SIGTERM' as const, after: { kind: 'escalation', n: 3 } }] : []),
];

const msOf = (ts: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  ts ? Number(String(ts.seconds ?? 0)) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6) : 0;

/** Timers of the workflows' histories: pending at `at` (started before, fired or cancelled after or never), fired after `at`. */
async function timersAround(
  client: Client,
  workflowIds: string[],
  at: number,
): Promise<{ started: number; pendingAt: number; firedAfter: number; workflowsWaiting: number }> {
  let started = 0;
  let pendingAt = 0;
  let firedAfter = 0;
  let workflowsWaiting = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < workflowIds.length) {
        const id = workflowIds[next++];
        const history = await client.workflow.getHandle(id).fetchHistory();
        const startedAt = new Map<string, number>();
        const closedAt = new Map<string, number>();
        for (const e of history.events ?? []) {
          const t = msOf(e.eventTime);
          const eventId = String(e.eventId);
          if (e.timerStartedEventAttributes) startedAt.set(eventId, t);
          const closed = e.timerFiredEventAttributes ?? e.timerCanceledEventAttributes;
          if (closed) closedAt.set(String(closed.startedEventId), t);
          if (e.timerFiredEventAttributes && t >= at) firedAfter++;
        }
        let pendingHere = 0;
        for (const [eventId, t] of startedAt) if (t < at && (closedAt.get(eventId) ?? Infinity) >= at) pendingHere++;
        started += startedAt.size;
        pendingAt += pendingHere;
        if (pendingHere) workflowsWaiting++;
      }
    }),
  );
  return { started, pendingAt, firedAfter, workflowsWaiting };
}

interface Outage {
  signal: string;
  stopAt: number;
  upAt: number;
  transitionsAtStop: number;
  ahead: { notices: number; overdue: number };
  health: { status: number; temporal: boolean; worker: boolean; ms: number }[];
  after: { status: number; temporal: boolean }[];
}

describe(`Temporal dev server ${outages.map((o) => o.signal).join(' then ')} and restarted on its db file with ${minAhead}+ timer firings ahead`, () => {
  let s: Stack;
  let server: DevServer;
  let port: number;
  let httpPort: number;
  let dbFile: string;
  const binary = process.env.TEMPORAL_CLI_PATH;

  beforeAll(async () => {
    if (!binary) throw new Error('this test runs its own dev server: set TEMPORAL_CLI_PATH (npm test does)');
    port = await freePort();
    httpPort = await freePort();
    dbFile = join(mkdtempSync(join(tmpdir(), 'dondoc-temporal-fault-')), 'temporal.sqlite');
    server = await startDevServer({ binary, port, httpPort, dbFile });
    s = await startStack({ temporalAddress: server.address, rateLimitPerMin: 1_000_000 });
    await s.startWorker();
  });
  afterAll(async () => {
    await s?.close();
    await server?.stop();
  });

  it(
    'fires every pending timer after the restart: every notice recorded once, every mail caught once',
    async () => {
      const spec: PlanSpec = await s.loadPlan(
        provincePlanFactory(seedPlan(), shape, {
          id: full ? 'FAULT-TEMPORAL-FULL' : 'FAULT-TEMPORAL',
          dues: ['2023-04-12', '2023-04-13', '2023-04-14'],
        }),
      );
      const cal = WorkingCalendar.vietnam(planCalendarYears(spec));
      const instances = expandInstances(spec, cal);
      const q = async (sql: string, params: unknown[] = [spec.id]) => (await s.ds.query(sql, params))[0].n as number;
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const readHealth = async () => {
        const t = Date.now();
        const r = await fetch(`${s.baseUrl}/health`);
        const body = (await r.json()) as { temporal: { ok: boolean } };
        return { status: r.status, temporal: body.temporal.ok, ms: Date.now() - t };
      };
      const done: Outage[] = [];
      let workerLinesBefore = '';

      /** Stops the server, counts what the timelines still hold, polls /health while it is down, starts it again. */
      const outage = async (signal: 'SIGKILL' | 'SIGTERM'): Promise<Outage> => {
        const exited = new Promise((r) => server.process.once('exit', r));
        server.process.kill(signal); // SIGTERM: the server shuts down gracefully (DevServer.stop); SIGKILL: no shutdown at all
        const stopAt = Date.now();
        await exited;
        const transitionsAtStop = await q(`SELECT count(*)::int AS n FROM step_event WHERE plan_id = $1`);
        const plan = (await new PlanRepository(s.ds).find(spec.id))!;
        const dues: { step_id: string; due_at_real: Date }[] = await s.ds.query(
          `SELECT step_id, due_at_real FROM step WHERE plan_id = $1`,
          [spec.id],
        );
        const dueOf = new Map(dues.map((d) => [d.step_id, d.due_at_real.getTime()]));
        const ahead = { notices: 0, overdue: 0 };
        for (const inst of instances) {
          ahead.notices += timedNotices(spec, cal, inst, plan.clock!, new Date(stopAt)).length;
          if ((dueOf.get(inst.key) ?? 0) >= stopAt) ahead.overdue++;
        }
        const health: Outage['health'] = [];
        while (Date.now() < stopAt + downSeconds * 1000) {
          health.push({ ...(await readHealth()), worker: s.workerState().running });
          await sleep(500);
        }
        server = await startDevServer({ binary: binary!, port, httpPort, dbFile });
        const upAt = Date.now();
        const after: Outage['after'] = [];
        for (let i = 0; i < 60; i++) {
          const h = await readHealth();
          after.push({ status: h.status, temporal: h.temporal });
          if (h.status === 200) break;
          await sleep(1000);
        }
        return { signal, stopAt, upAt, transitionsAtStop, ahead, health, after };
      };

      const run = await rehearse(s, spec, {
        daySeconds: full ? 8 : 2,
        // Full: a few more plan days before the first reminders (07/04), so every step has started by then.
        planStart: full ? '2023-03-30' : '2023-04-03',
        actingShare: 0, // nobody acts: every timer of every timeline fires
        timeoutMs: 15 * 60_000,
        during: async () => {
          // Stop once every step has started and the first notices of the kind are going out: timers fire, and
          // their transitions and mails are in flight at the stop.
          const total = await q(`SELECT count(*)::int AS n FROM step WHERE plan_id = $1`);
          while ((await q(`SELECT count(*)::int AS n FROM step WHERE plan_id = $1 AND seq > 0`)) < total) await sleep(200);
          workerLinesBefore = s.workerState().lastLines;
          for (const o of outages) {
            while (
              (await q(`SELECT count(*)::int AS n FROM step_event WHERE plan_id = $1 AND kind = $2`, [spec.id, o.after.kind])) < o.after.n
            )
              await sleep(100);
            done.push(await outage(o.signal));
          }
        },
      });
      await outboxDrained(s, spec.id);

      const temporal = await temporalClient(server.address);
      try {
        const audit = await auditRun(s, spec, run, temporal.client);
        const workflowIds: string[] = [];
        for await (const wf of temporal.client.workflow.list({ query: `TaskQueue = '${s.config.temporal.taskQueue}'` }))
          workflowIds.push(wf.workflowId);
        const stepIds = new Set(
          (await s.ds.query(`SELECT workflow_id FROM step WHERE plan_id = $1`, [spec.id])).map(
            (r: { workflow_id: string }) => r.workflow_id,
          ),
        );
        const first = done[0];
        const steps = await timersAround(
          temporal.client,
          workflowIds.filter((id) => stepIds.has(id)),
          first.stopAt,
        );
        const others = await timersAround(
          temporal.client,
          workflowIds.filter((id) => !stepIds.has(id)),
          first.stopAt,
        );
        const recordedAfter = await q(`SELECT count(*)::int AS n FROM step_event WHERE plan_id = $1 AND at >= $2`, [
          spec.id,
          new Date(first.stopAt),
        ]);
        // Nobody acts, so each instance's whole timeline is owed: every notice due after its assignment, once.
        const plan = (await new PlanRepository(s.ds).find(spec.id))!;
        const assigned: { step_id: string; at: Date }[] = await s.ds.query(
          `SELECT step_id, at FROM step_event WHERE plan_id = $1 AND kind = 'assigned'`,
          [spec.id],
        );
        const assignedAt = new Map(assigned.map((r) => [r.step_id, r.at]));
        const owedNotices = instances.reduce(
          (n, inst) => n + timedNotices(spec, cal, inst, plan.clock!, assignedAt.get(inst.key) ?? new Date(0)).length,
          0,
        );
        const worker = s.workerState();
        const workerLines = worker.lastLines
          .split('\n')
          .filter((l) => l && !workerLinesBefore.includes(l) && /warn|error|fail|unavailable|transport/i.test(l));
        const secs = (ms: number) => `${Math.round(ms / 100) / 10} s`;
        console.log(
          done
            .map(
              (o, i) =>
                `outage ${i + 1}: Temporal dev server (db file) ${o.signal === 'SIGKILL' ? 'SIGKILLed' : 'stopped gracefully (SIGTERM)'} ${secs(o.stopAt - run.runStartedAt)} into the run after ${o.transitionsAtStop} transitions, ` +
                `the timelines still holding ${o.ahead.notices + o.ahead.overdue} timer firings (${o.ahead.notices} notices, ${o.ahead.overdue} overdue instants); down ${downSeconds} s, ` +
                `restarted on the same file and port (serving again ${secs(o.upAt - o.stopAt)} after the stop); /health while down ${o.health.map((h) => h.status).join(',')} ` +
                `(temporal ok ${o.health.filter((h) => h.temporal).length}/${o.health.length}, ≤ ${secs(Math.max(...o.health.map((h) => h.ms)))} each), then ${o.after.map((h) => h.status).join(',')}`,
            )
            .join('\n') +
            `\ntimers (histories): at the first stop ${steps.pendingAt} pending in ${steps.workflowsWaiting}/${audit.instances} step workflows (+${others.pendingAt} in the ${workflowIds.length - stepIds.size} plan-run/digest workflows); ` +
            `after it ${steps.firedAfter} step timers and ${others.firedAfter} others fired (of ${steps.started + others.started} started in the run); ${recordedAfter} transitions recorded after it; ` +
            `notices owed by the timelines ${owedNotices}, recorded ${audit.recordedNotices}; worker process alive throughout: ${done.every((o) => o.health.every((h) => h.worker)) && worker.running} ` +
            `(${workerLines.length} warning lines printed${workerLines.length ? `, e.g. ${workerLines[0].slice(0, 160)}` : ''})\n` +
            `checked: ${auditLine(audit)}`,
        );
        expect(done).toHaveLength(outages.length);
        expect(first.ahead.notices + first.ahead.overdue).toBeGreaterThanOrEqual(minAhead);
        expect(steps.workflowsWaiting).toBeGreaterThan(0);
        expect(steps.firedAfter).toBeGreaterThan(0);
        for (const o of done) {
          expect(o.health.length).toBeGreaterThan(0);
          expect(o.health.every((h) => h.status === 503 && !h.temporal && h.worker)).toBe(true);
          expect(o.after.at(-1)).toEqual({ status: 200, temporal: true });
        }
        expect(worker.running).toBe(true);
        expect(recordedAfter).toBeGreaterThanOrEqual(first.ahead.notices + first.ahead.overdue);
        expect(audit.instances).toBe(provinceInstances(shape));
        expect(audit.stepRows).toBe(audit.instances);
        expect(audit.missingWorkflows).toBe(0);
        expect(audit.recordedNotices).toBe(owedNotices);
        expect(audit.mailsWithoutEvent + audit.eventsWithoutStepChange + audit.stepChangesWithoutEvent).toBe(0);
        expect(audit.rollupMismatches).toBe(0);
        expect({ lost: audit.lost, duplicated: audit.duplicated }).toEqual({ lost: 0, duplicated: 0 });
        // The worker is never killed: a mail's SMTP 250 and the commit of `sent` are not split, so no second copies.
        expect(audit.redeliveredMails).toBe(0);
      } finally {
        await temporal.close();
      }
    },
    20 * 60_000,
  );
});
