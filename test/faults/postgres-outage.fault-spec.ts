import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PROVINCE_QUICK, provincePlanFactory } from '../factories/province-plan.factory.js';
import { auditLine, auditRun, outboxDrained, rehearse, temporalClient } from '../utils/rehearsal.js';
import { seedPlan, startStack, type Stack } from '../utils/stack.js';
import { startTcpProxy, viaProxy, type TcpProxy } from '../utils/tcp-proxy.js';

/** `npm run test:faults` cuts PostgreSQL for 60 s; the fast part in `npm test` for 10 s. */
const full = process.env.DONDOC_FAULTS === 'full';
const cutSeconds = full ? 60 : 10;

describe(`PostgreSQL unreachable for ${cutSeconds} s during a rehearsal`, () => {
  let s: Stack;
  let proxy: TcpProxy;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  beforeAll(async () => {
    const server = new URL(process.env.TEST_DATABASE_URL!);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    // The api and the worker reach the database only through the proxy.
    s = await startStack({ rateLimitPerMin: 1_000_000, databaseVia: (url) => viaProxy(url, proxy) });
    temporal = await temporalClient(s.config.temporal.address);
    await s.startWorker();
  });
  afterAll(async () => {
    proxy?.restore();
    await temporal?.close();
    await s?.close();
    await proxy?.close();
  });

  it(
    'retries the activities, answers 503 on /health while cut, and leaves nothing half-written',
    async () => {
      const shape = { ...PROVINCE_QUICK, communes: 2, villagesPerCommune: 3, communeSteps: 2, villageSteps: 3 };
      const spec = await s.loadPlan(
        provincePlanFactory(seedPlan(), shape, { id: 'FAULT-PG', dues: ['2023-04-12', '2023-04-13', '2023-04-14'] }),
      );
      const health: { status: number; postgres: boolean }[] = [];
      const after: number[] = [];
      let cutAt = 0;
      const run = await rehearse(s, spec, {
        daySeconds: full ? 4 : 2.5,
        planStart: '2023-04-03',
        actingShare: 0.5,
        timeoutMs: 15 * 60_000,
        during: async () => {
          // Cut once every step has started and the reminders are going out: transitions and mails are in flight.
          const q = async (sql: string) => (await s.ds.query(sql, [spec.id]))[0].n as number;
          const total = await q(`SELECT count(*)::int AS n FROM step WHERE plan_id = $1`);
          while ((await q(`SELECT count(*)::int AS n FROM step WHERE plan_id = $1 AND seq > 0`)) < total)
            await new Promise((r) => setTimeout(r, 200));
          while ((await q(`SELECT count(*)::int AS n FROM step_event WHERE plan_id = $1 AND kind = 'reminder'`)) < 3)
            await new Promise((r) => setTimeout(r, 100));
          proxy.cut();
          cutAt = Date.now();
          while (Date.now() < cutAt + cutSeconds * 1000) {
            const r = await fetch(`${s.baseUrl}/health`);
            const body = (await r.json()) as { postgres: { ok: boolean } };
            health.push({ status: r.status, postgres: body.postgres.ok });
            await new Promise((res) => setTimeout(res, 1000));
          }
          proxy.restore();
          for (let i = 0; i < 30; i++) {
            const r = await fetch(`${s.baseUrl}/health`);
            after.push(r.status);
            if (r.status === 200) break;
            await new Promise((res) => setTimeout(res, 1000));
          }
        },
      });
      await outboxDrained(s, spec.id);
      const audit = await auditRun(s, spec, run, temporal.client);
      const retried = await s.ds.query(`SELECT count(*)::int AS n FROM step_event WHERE plan_id = $1 AND at > $2`, [
        spec.id,
        new Date(cutAt + cutSeconds * 1000),
      ]);
      console.log(
        `PostgreSQL cut for ${cutSeconds} s through an in-process TCP proxy (api and worker): /health answered ${health.map((h) => h.status).join(',')} while cut ` +
          `(postgres ok: ${health.filter((h) => h.postgres).length}/${health.length}), then ${after.join(',')}; ${retried[0].n} transitions recorded after the line came back\n` +
          `checked: ${auditLine(audit)}`,
      );
      expect(health.length).toBeGreaterThanOrEqual(Math.floor(cutSeconds / 4));
      expect(health.every((h) => h.status === 503 && !h.postgres)).toBe(true);
      expect(after.at(-1)).toBe(200);
      expect(retried[0].n).toBeGreaterThan(0);
      expect(audit.mailsWithoutEvent + audit.eventsWithoutStepChange + audit.stepChangesWithoutEvent).toBe(0);
      expect(audit.rollupMismatches).toBe(0);
      expect({ lost: audit.lost, duplicated: audit.duplicated }).toEqual({ lost: 0, duplicated: 0 });
      expect(audit.redeliveredMails).toBe(0);
    },
    20 * 60_000,
  );
});
