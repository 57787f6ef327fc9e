import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PROVINCE_QUICK, provincePlanFactory } from '../factories/province-plan.factory.js';
import { auditLine, auditRun, outboxDrained, rehearse, temporalClient } from '../utils/rehearsal.js';
import { seedPlan, startStack, type Stack } from '../utils/stack.js';

/** `npm run test:faults` kills ten times; the fast part in `npm test` three. */
const full = process.env.DONDOC_FAULTS === 'full';
const kills = full ? 10 : 3;

describe(`worker SIGKILL ${kills}× during a rehearsal`, () => {
  let s: Stack;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  beforeAll(async () => {
    s = await startStack({ rateLimitPerMin: 1_000_000 });
    temporal = await temporalClient(s.config.temporal.address);
    await s.startWorker();
  });
  afterAll(async () => {
    await temporal?.close();
    await s?.close();
  });

  it(
    'records every expected transition once and sends every mail once',
    async () => {
      const shape = { ...PROVINCE_QUICK, communes: full ? 4 : 2, villagesPerCommune: 3, communeSteps: 2, villageSteps: 3 };
      const spec = await s.loadPlan(
        provincePlanFactory(seedPlan(), shape, { id: 'FAULT-KILL', dues: ['2023-04-12', '2023-04-13', '2023-04-14'] }),
      );
      const done: string[] = [];
      const transitions = async () =>
        (await s.ds.query(`SELECT count(*)::int AS n FROM step_event WHERE plan_id = $1`, [spec.id]))[0].n as number;
      const run = await rehearse(s, spec, {
        daySeconds: full ? 4 : 2.5,
        planStart: '2023-04-03',
        actingShare: 0.5,
        timeoutMs: 15 * 60_000,
        during: async () => {
          // Once every step has started, kill each time the worker has committed a few more transitions: right as it
          // commits one (its mail delivery or the workflow task after it is in flight) or a moment later, alternately.
          const total = (await s.ds.query(`SELECT count(*)::int AS n FROM step WHERE plan_id = $1`, [spec.id]))[0].n as number;
          const assigned = async () =>
            (await s.ds.query(`SELECT count(*)::int AS n FROM step WHERE plan_id = $1 AND seq > 0`, [spec.id]))[0].n as number;
          while ((await assigned()) < total) await new Promise((r) => setTimeout(r, 200));
          for (let i = 0; i < kills; i++) {
            const before = await transitions();
            const deadline = Date.now() + 30_000;
            while ((await transitions()) < before + 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
            if (i % 2) await new Promise((r) => setTimeout(r, 300));
            await s.killWorker('SIGKILL');
            done.push(`kill ${i + 1} at ${await transitions()} transitions`);
            await s.startWorker();
          }
        },
      });
      await outboxDrained(s, spec.id);
      // A notice whose activity a kill cut waits out its timeout (1 minute) before its retry: the audit reads once every
      // step workflow has finished what was due, or that notice, late and not lost, would count as lost.
      await s.settled(spec.id, 5 * 60_000);
      const audit = await auditRun(s, spec, run, temporal.client);
      console.log(`worker SIGKILL ×${kills} (${done.join('; ')})\nchecked: ${auditLine(audit)}`);
      expect(done).toHaveLength(kills);
      expect(audit.stepRows).toBe(audit.instances);
      expect(audit.missingWorkflows).toBe(0);
      expect(audit.expectedNotices).toBeGreaterThan(0);
      expect(audit.rollupMismatches).toBe(0);
      expect({ lost: audit.lost, duplicated: audit.duplicated }).toEqual({ lost: 0, duplicated: 0 });
      // A kill between the SMTP server's 250 and the commit of `sent` leaves a second copy with the same Message-ID.
      expect(audit.redeliveredMails).toBeLessThanOrEqual(kills);
    },
    20 * 60_000,
  );
});
