import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { localDateOf } from '#libs/domain/src/index.js';
import { readMailbox } from '#libs/mail/src/index.js';
import { planFactory, stepFactory } from '../factories/plan.factory.js';
import { startStack, type Stack } from '../utils/stack.js';

const PLAN = `EXT-${randomBytes(3).toString('hex')}`;
const STEP = `/api/v1/plans/${PLAN}/steps/S1`;

/**
 * An extension at compressed time (a plan day in two seconds, from Fri 31/03/2023, so the first reminder of the
 * original date, Tue 04/04, is 8.7 s away even on a loaded machine): S1 is due Fri 07/04; the officer asks for
 * Fri 14/04 at once and the vice-chairman grants it. Reminders move to the new date; the result, delivered
 * within the extension, still counts as late against the original due date.
 */
describe('extension of a due date', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack();
    await s.startWorker();
    await s.loadPlan(
      planFactory({ id: PLAN }, [stepFactory({ id: 'S1', title: 'Báo cáo 6 tháng', start: '2023-04-03', due: '2023-04-07' })]),
    );
    expect((await s.runPlan(PLAN, { speed: 43_200, planStart: '2023-03-31' })).status).toBe(200);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('refuses a request by someone else, for an earlier date, or without a reason; and a decision with nothing asked', async () => {
    expect(await s.http('POST', `${STEP}/extension-decision`, { grant: true }, 'vice_chair_vhxh')).toMatchObject({
      status: 409,
      body: { code: 'EXTENSION_NOT_REQUESTED' },
    });
    expect(await s.http('POST', `${STEP}/extension-request`, { until: '2023-04-14', reason: 'x' }, 'vice_chair_vhxh')).toMatchObject({
      status: 403,
    });
    expect(await s.http('POST', `${STEP}/extension-request`, { until: '2023-04-06', reason: 'x' }, 'officer_ldtbxh')).toMatchObject({
      status: 422,
      body: { code: 'EXTENSION_INVALID' },
    });
    expect(await s.http('POST', `${STEP}/extension-request`, { until: '2023-04-14', reason: ' ' }, 'officer_ldtbxh')).toMatchObject({
      status: 422,
    });
  });

  it('the vice-chairman grants the request; reminders follow the new date', async () => {
    const asked = await s.http(
      'POST',
      `${STEP}/extension-request`,
      { until: '2023-04-14', reason: 'Chờ số liệu của trạm y tế' },
      'officer_ldtbxh',
    );
    expect(asked.status).toBe(200);
    expect(await s.http('POST', `${STEP}/extension-request`, { until: '2023-04-21', reason: 'x' }, 'officer_ldtbxh')).toMatchObject({
      status: 422,
      body: { code: 'EXTENSION_INVALID' },
    });
    const granted = await s.http('POST', `${STEP}/extension-decision`, { grant: true, note: 'Đồng ý' }, 'vice_chair_vhxh');
    expect(granted).toMatchObject({ status: 200, body: { dueDate: '2023-04-07', extendedDueDate: '2023-04-14' } });
    await s.waitForMail((m) => m.subject.startsWith('[Xin gia hạn] S1') && m.to[0] === 'vice-chair-vhxh@test.example.org');
    const decision = await s.waitForMail((m) => m.subject.startsWith('[Gia hạn] S1'));
    expect(decision.subject).toBe('[Gia hạn] S1 – Báo cáo 6 tháng: đồng ý đến 14/04/2023');
    // The first reminder of the new date: T-3 working days before Fri 14/04 is Tue 11/04.
    const reminder = await s.waitForMail((m) => m.subject.startsWith('[Nhắc việc] S1'), 40_000);
    expect(reminder.subject).toBe('[Nhắc việc] S1 – Báo cáo 6 tháng (hạn 14/04/2023)');
    expect(reminder.text).toContain('còn 3 ngày làm việc');
    const events: { kind: string; at_plan: Date }[] = await s.ds.query(
      `SELECT kind, at_plan FROM step_event WHERE plan_id = $1 ORDER BY seq`,
      [PLAN],
    );
    expect(events.filter((e) => e.kind === 'reminder').map((e) => localDateOf(new Date(e.at_plan)))).toEqual(['2023-04-11']);
  });

  it('delivered within the extension, the result still counts late against the original due date', async () => {
    expect((await s.http('POST', `${STEP}/submission`, { note: 'Đã nộp báo cáo' }, 'officer_ldtbxh')).status).toBe(200);
    const done = await s.http('POST', `${STEP}/approval`, {}, 'vice_chair_vhxh');
    expect(done.body).toMatchObject({ state: 'completed', bucket: 'completed_late', extendedDueDate: '2023-04-14' });
    // Reminders stop with the submission, and none ever went out for the original dates (04/04–07/04).
    const kinds: { kind: string; at_plan: Date }[] = await s.ds.query(
      `SELECT kind, at_plan FROM step_event WHERE plan_id = $1 ORDER BY seq`,
      [PLAN],
    );
    const submittedAt = kinds.findIndex((e) => e.kind === 'submitted');
    expect(kinds.slice(submittedAt).filter((e) => e.kind === 'reminder')).toEqual([]);
    const reminders = (await readMailbox(s.mailboxDir)).filter((m) => m.subject.startsWith('[Nhắc việc] S1'));
    for (const m of reminders) expect(m.subject).toContain('(hạn 14/04/2023)');
  });
});
