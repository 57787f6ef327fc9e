import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expandInstances, planCalendarYears, WorkingCalendar } from '#libs/domain/src/index.js';
import { auditLine, auditRun, outboxDrained, temporalClient } from '../utils/rehearsal.js';
import { seedPlanI01, startSeedStack, type Stack } from '../utils/stack.js';

const planId = 'FAULT-DOUBLE';

describe('double approval from two tabs', () => {
  let s: Stack;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  beforeAll(async () => {
    s = await startSeedStack(planId);
    temporal = await temporalClient(s.config.temporal.address);
  });
  afterAll(async () => {
    await temporal?.close();
    await s?.close();
  });

  it('records exactly one approval event and sends exactly one approval mail', async () => {
    expect((await s.runPlan(planId, { speed: 1, planStart: '2023-04-03' })).status).toBe(200);
    const step = `/api/v1/plans/${planId}/steps/I01.5`;
    expect((await s.http('POST', `${step}/submission`, { note: 'Đã lập dự toán' }, 'finance_officer')).status).toBe(200);
    const answers = await Promise.all(
      [1, 2].map((tab) => s.http('POST', `${step}/approval`, { note: `Đồng ý (tab ${tab})` }, 'vice_chair_vhxh')),
    );
    await outboxDrained(s, planId);

    const approvals = await s.ds.query(`SELECT seq, note FROM step_event WHERE plan_id = $1 AND step_id = 'I01.5' AND kind = 'approved'`, [
      planId,
    ]);
    const mails = await s.ds.query(`SELECT idempotency_key FROM mail_outbox WHERE plan_id = $1 AND idempotency_key LIKE $2`, [
      planId,
      `${planId}:I01.5:${approvals[0]?.seq}:%`,
    ]);
    const spec = seedPlanI01(planId);
    const instances = expandInstances(spec, WorkingCalendar.vietnam(planCalendarYears(spec)));
    const audit = await auditRun(s, spec, { instances, acting: new Set(['I01.5']) }, temporal.client);
    console.log(
      `double approval: two concurrent POST …/approval answered ${answers.map((a) => a.status).join(' and ')}; ` +
        `approval events ${approvals.length}, approval mails ${mails.length}\nchecked: ${auditLine(audit)}`,
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body).toMatchObject({ code: expect.stringMatching(/^STEP_/) });
    expect(approvals).toHaveLength(1);
    expect(mails.length).toBeGreaterThanOrEqual(1);
    expect((await s.http('GET', `/api/v1/plans/${planId}/steps/I01.5`)).body).toMatchObject({ state: 'completed' });
    expect({ lost: audit.lost, duplicated: audit.duplicated }).toEqual({ lost: 0, duplicated: 0 });
    expect(audit.redeliveredMails).toBe(0);
  });
});
