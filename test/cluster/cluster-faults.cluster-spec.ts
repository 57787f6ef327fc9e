import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PlanRepository } from '#libs/database/src/index.js';
import { expandInstances, planCalendarYears, timedNotices, WorkingCalendar, type PlanSpec } from '#libs/domain/src/index.js';
import type { ClusterService } from '#libs/temporal/src/cluster.js';
import { PROVINCE_QUICK, provinceInstances, provincePlanFactory } from '../factories/province-plan.factory.js';
import { startClusterStack, startTestCluster, type ClusterStack, type TestCluster } from '../utils/cluster.js';
import { auditLine, auditRun, outboxDrained, rehearse, temporalClient } from '../utils/rehearsal.js';
import { seedPlan } from '../utils/stack.js';

/**
 * A province rehearsal on a real Temporal cluster (PostgreSQL persistence and visibility; frontend, two history hosts,
 * matching and the internal worker as processes), two dondoc workers and two api replicas, while one at a time:
 * a history host is SIGKILLed and started again, matching is restarted, one dondoc worker is SIGKILLed (and started
 * again), one api replica is stopped (the requests go to the other). Counted as the fault suite counts: nothing lost,
 * nothing doubled, rollups equal to a recount, every notice owed recorded; the timer lag of each phase measured.
 *
 * DONDOC_CLUSTER_SHAPE=quick (the default): the province rehearsal's quick size, 17 communes, 1,020 instances.
 * DONDOC_CLUSTER_SHAPE=small: 2 communes, 42 instances (a first look on a busy machine).
 */
const small = process.env.DONDOC_CLUSTER_SHAPE === 'small';
const shape = small ? { ...PROVINCE_QUICK, communes: 2, villagesPerCommune: 3, communeSteps: 3, villageSteps: 6 } : PROVINCE_QUICK;
const daySeconds = Number(process.env.DONDOC_CLUSTER_DAY_SECONDS ?? (small ? 4 : 20));
const downSeconds = 5;

type Fault = { name: string; service?: ClusterService; act(s: ClusterStack, c: TestCluster): Promise<void> };
const faults: Fault[] = [
  {
    name: 'history host SIGKILLed, started again',
    act: async (_s, c) => {
      await c.temporal.kill('history-1', 'SIGKILL');
      await sleep(downSeconds * 1000);
      await c.temporal.start('history-1');
    },
  },
  {
    name: 'matching restarted',
    act: async (_s, c) => {
      await c.temporal.kill('matching', 'SIGTERM');
      await c.temporal.start('matching');
    },
  },
  {
    name: 'one dondoc worker SIGKILLed',
    act: async (s) => {
      await s.workers[0].kill('SIGKILL');
      await sleep(downSeconds * 1000);
      await s.workers[0].start();
    },
  },
  {
    name: 'one api replica stopped',
    // The acting people have acted by now: officers reading the plan's status keep both replicas busy while api-1
    // stops (SIGTERM: it finishes what it took, then closes); every read is answered, after the stop by api-2.
    act: async (s) => {
      const reads = Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 15; i++) {
          const r = await s.http('GET', `/api/v1/plans/${encodeURIComponent(planId)}/status`);
          statusReads.push(r.status);
        }
      });
      await sleep(300);
      await s.replicas[0].stop('SIGTERM');
      await Promise.all(reads);
    },
  },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const planId = small ? 'CLUSTER-S' : 'CLUSTER-Q';
const statusReads: number[] = [];

describe(`a province rehearsal (${provinceInstances(shape)} instances) on a Temporal cluster, one fault at a time`, () => {
  let cluster: TestCluster;
  let s: ClusterStack;
  beforeAll(async () => {
    cluster = await startTestCluster();
    s = await startClusterStack(cluster);
  }, 10 * 60_000);
  afterAll(async () => {
    await s?.close();
    await cluster?.close();
  });

  it(
    'loses and doubles nothing while a history host, matching, a worker and an api replica fail in turn',
    async () => {
      const spec: PlanSpec = await s.loadPlan(
        provincePlanFactory(seedPlan(), shape, { id: planId, dues: ['2023-04-12', '2023-04-13', '2023-04-14'] }),
      );
      const q = async (sql: string, params: unknown[] = [spec.id]) => (await s.ds.query(sql, params))[0].n as number;
      const transitions = () => q(`SELECT count(*)::int AS n FROM step_event WHERE plan_id = $1`);
      const phases: { name: string; at: number; transitions: number; answered: number[] }[] = [];
      const t0 = Date.now();
      let lastShown = '';
      const run = await rehearse(s, spec, {
        daySeconds,
        planStart: '2023-04-03',
        actingShare: 0.5,
        concurrency: 8,
        timeoutMs: 60 * 60_000,
        onProgress: (phase, done, total) => {
          const line = `${phase} ${done}/${total}`;
          if (line !== lastShown && done % 100 === 0) console.error(`  ${Math.round((Date.now() - t0) / 1000)} s: ${line}`);
          lastShown = line;
        },
        during: async () => {
          // Once the first reminders go out (steps still starting on a slow machine), each fault lands while
          // transitions are being recorded, the cluster back to whole (and a few more transitions in) before the next.
          phases.push({ name: 'no fault', at: Date.now(), transitions: await transitions(), answered: s.replicas.map((r) => r.answered) });
          for (const f of faults) {
            // The first fault after the first reminders (the no-fault phase measures the lag before it).
            while ((await q(`SELECT count(*)::int AS n FROM step_event WHERE plan_id = $1 AND kind = 'reminder'`)) < 3) await sleep(200);
            const before = await transitions();
            const deadline = Date.now() + 120_000;
            while ((await transitions()) < before + 10 && Date.now() < deadline) await sleep(200);
            phases.push({ name: f.name, at: Date.now(), transitions: await transitions(), answered: s.replicas.map((r) => r.answered) });
            console.error(`  ${Math.round((Date.now() - t0) / 1000)} s: ${f.name}`);
            await f.act(s, cluster);
          }
        },
      });
      await outboxDrained(s, spec.id, 300_000);

      const temporal = await temporalClient(cluster.temporal.address);
      try {
        const audit = await auditRun(s, spec, run, temporal.client);
        // Timer lag per phase: for the instances nobody acts on (every notice goes out), the n-th notice recorded
        // against the n-th due, grouped by the phase the notice was due in.
        const cal = WorkingCalendar.vietnam(planCalendarYears(spec));
        const plan = (await new PlanRepository(s.ds).find(spec.id))!;
        const events: { step_id: string; at: Date }[] = await s.ds.query(
          `SELECT step_id, at FROM step_event WHERE plan_id = $1 AND kind IN ('reminder', 'escalation') ORDER BY step_id, seq`,
          [spec.id],
        );
        const assigned: { step_id: string; at: Date }[] = await s.ds.query(
          `SELECT step_id, at FROM step_event WHERE plan_id = $1 AND kind = 'assigned'`,
          [spec.id],
        );
        const assignedAt = new Map(assigned.map((r) => [r.step_id, r.at.getTime()]));
        const recorded = new Map<string, number[]>();
        for (const e of events) recorded.set(e.step_id, [...(recorded.get(e.step_id) ?? []), e.at.getTime()]);
        const lags = phases.map(() => [] as number[]);
        const phaseOf = (at: number) => phases.reduce((found, p, i) => (at >= p.at ? i : found), 0);
        for (const inst of expandInstances(spec, cal).filter((i) => !run.acting.has(i.key))) {
          const due = timedNotices(spec, cal, inst, plan.clock!, new Date(Date.parse(plan.clock!.realEpoch)))
            .map((t) => Date.parse(t.atReal))
            .filter((at) => at > (assignedAt.get(inst.key) ?? Infinity));
          const got = recorded.get(inst.key) ?? [];
          if (got.length === due.length) due.forEach((at, i) => lags[phaseOf(at)].push(got[i] - at));
        }
        const pct = (xs: number[], p: number) =>
          xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] : NaN;
        const secs = (ms: number) => (Number.isNaN(ms) ? '–' : `${(ms / 1000).toFixed(1)} s`);
        const table = phases
          .map((p, i) => {
            const next = phases[i + 1];
            return (
              `  ${String(i).padStart(2)} ${p.name.padEnd(40)} at ${secs(p.at - run.runStartedAt).padStart(8)} ${String(p.transitions).padStart(6)} transitions; ` +
              `notices due in phase ${String(lags[i].length).padStart(4)}, timer lag p50 ${secs(pct(lags[i], 0.5))} p95 ${secs(pct(lags[i], 0.95))} max ${secs(pct(lags[i], 1))}` +
              `${next ? `; api answers in phase ${next.answered.map((n, r) => n - p.answered[r]).join('/')}` : ''}`
            );
          })
          .join('\n');
        console.log(
          `cluster fault suite: ${audit.instances} instances (${shape.communes} communes), a plan day in ${daySeconds} s, run ${secs(run.endedAt - run.runStartedAt)}; ` +
            `api requests ${run.apiCalls} + ${statusReads.length} status reads (answered by api-1/api-2: ${s.replicas.map((r) => r.answered).join('/')}; failed over ${s.failovers}; failed ${s.failedRequests}, of which no answer within 60 s ${s.unanswered}${s.failures.length ? `: ${[...new Set(s.failures)].slice(0, 5).join('; ')}` : ''})\n` +
            `${table}\nchecked: ${auditLine(audit)}`,
        );
        expect(phases.map((p) => p.name)).toEqual(['no fault', ...faults.map((f) => f.name)]);
        expect(audit.instances).toBe(provinceInstances(shape));
        expect(audit.stepRows).toBe(audit.instances);
        expect(audit.missingWorkflows).toBe(0);
        expect(audit.expectedNotices).toBeGreaterThan(0);
        expect(audit.recordedNotices).toBeGreaterThanOrEqual(audit.expectedNotices);
        expect(audit.mailsWithoutEvent + audit.eventsWithoutStepChange + audit.stepChangesWithoutEvent).toBe(0);
        expect(audit.rollupMismatches).toBe(0);
        expect({ lost: audit.lost, duplicated: audit.duplicated }).toEqual({ lost: 0, duplicated: 0 });
        // One worker SIGKILL: at most the mail in flight at that instant goes out twice (same Message-ID).
        expect(audit.redeliveredMails).toBeLessThanOrEqual(1);
        // Every status read during the replica's stop was answered (200), the later ones by the other replica.
        expect(statusReads).toHaveLength(60);
        expect(statusReads.every((st) => st === 200)).toBe(true);
        expect(s.failovers).toBeGreaterThan(0);
        // Requests of the acting people that failed (printed above with the reason) are not asserted away to zero:
        // a submission waits for its workflow's update, which stalls while a history host's shards move — past the
        // client's 60 s, or past the stopping replica's drain (APP_SHUTDOWN_TIMEOUT_MS). docs/cluster.md reports it as
        // an open issue (the api should answer 503 sooner). The person's next try goes through (lost=0 above).
        expect(s.failedRequests).toBeLessThan(run.apiCalls / 4);
        expect(s.replicas[0].running()).toBe(false);
        expect(lags.flat().length).toBeGreaterThan(0);
      } finally {
        await temporal.close();
      }
    },
    90 * 60_000,
  );
});
