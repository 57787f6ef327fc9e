import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readMailbox } from '#libs/mail/src/index.js';
import { recordAndReplay } from '../utils/histories.js';
import { eventually, seedPlan, startStack, type Stack } from '../utils/stack.js';

const PLAN = `CASE-${randomBytes(3).toString('hex')}`;
/** One plan hour per real second: the 12-hour emergency clock runs out in 12 s. */
const SPEED = 3_600;

/**
 * A child-abuse case reported through the API, on the real stack: the chairman is told at once; the emergency
 * intervention runs on calendar hours; the support plan is drafted in 5 working days and approved by the chairman.
 */
describe('child-abuse case clock (I04.2)', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack();
    await s.startWorker();
    const seed = seedPlan();
    // Only the case item runs: I04 (its dated step I04.1 is far off).
    await s.loadPlan({ ...seed, id: PLAN, items: [seed.items.find((i) => i.id === 'I04')!] });
    // Saturday 06/05/2023 at 00:00: the emergency clock does not care about weekends.
    await s.runPlan(PLAN, { speed: SPEED, planStart: '2023-05-06' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('refuses a report without a summary, from someone outside the plan, or for an unknown village; nothing is written', async () => {
    expect(await s.http('POST', `/api/v1/plans/${PLAN}/cases`, { unitId: 'thon_03' }, 'collaborator')).toMatchObject({
      status: 422,
      body: { errors: { summary: expect.any(String) } },
    });
    expect(await s.http('POST', `/api/v1/plans/${PLAN}/cases`, { summary: 'x' }, 'mayor')).toMatchObject({
      status: 403,
      body: { code: 'ACTOR_UNKNOWN' },
    });
    expect(await s.http('POST', `/api/v1/plans/${PLAN}/cases`, { summary: 'x', unitId: 'thon_99' }, 'collaborator')).toMatchObject({
      status: 422,
      body: { errors: { unitId: expect.any(String) } },
    });
    expect(await s.http('POST', `/api/v1/plans/${PLAN}/cases`, { summary: 'x' }, null)).toMatchObject({ status: 401 });
    expect((await s.http('GET', `/api/v1/plans/${PLAN}/cases`)).body).toEqual([]);
  });

  it('a collaborator reports a case on a Saturday: the chairman gets an urgent mail at once with the hour of the 12-hour deadline', async () => {
    const r = await s.http(
      'POST',
      `/api/v1/plans/${PLAN}/cases`,
      { summary: 'Tin báo qua Tổng đài 111: nguy cơ xâm hại một trẻ em', unitId: 'thon_03' },
      'collaborator',
    );
    expect(r).toMatchObject({ status: 201, body: { caseId: 'VV01', unitId: 'thon_03', reportedBy: 'collaborator' } });
    const [emergency, supportPlan] = r.body.steps;
    expect(emergency).toMatchObject({ stepId: 'I04.2-VV01-khan-cap', assignee: 'chairman', approver: null, caseId: 'VV01' });
    // Reported on Sat 06/05; five working days later (Thu 11/05 is the 4th… Fri 12/05 the 5th).
    expect(supportPlan).toMatchObject({
      stepId: 'I04.2-VV01-ke-hoach',
      assignee: 'officer_ldtbxh',
      approver: 'chairman',
      dueDate: '2023-05-12',
    });
    const mail = await s.waitForMail((m) => m.subject.startsWith('[Khẩn cấp]'), 20_000);
    expect(mail.to).toEqual(['chu-tich@hagiang.example.org']);
    expect(mail.subject).toMatch(/can thiệp trước 06\/05\/2023 \d{2}:\d{2}$/);
    expect(mail.text).toContain('tại Thôn Tây');
    await s.waitForMail((m) => m.subject.startsWith('[Việc mới] I04.2') && m.to[0] === 'vhxh-ldtbxh@hagiang.example.org');
  });

  it('nobody acts for 12 plan hours: the emergency step is overdue on a Saturday evening, the support plan is still on time', async () => {
    const overdue = await eventually(
      async () => {
        const st = (await s.http('GET', `/api/v1/plans/${PLAN}/steps/I04.2-VV01-khan-cap`)).body;
        return st.overdue ? st : undefined;
      },
      40_000,
      'the emergency step to go overdue',
    );
    expect(overdue).toMatchObject({ bucket: 'open_overdue' });
    const plan = (await s.http('GET', `/api/v1/plans/${PLAN}/steps/I04.2-VV01-ke-hoach`)).body;
    expect(plan).toMatchObject({ bucket: 'open_on_time', overdue: false });
  });

  it('the officer drafts the plan, the chairman approves it (no escalation of the chairman to himself): the KPI counts it in time', async () => {
    const step = `/api/v1/plans/${PLAN}/steps/I04.2-VV01-ke-hoach`;
    // Separation of duties: the chairman, who approves the support plan, cannot take it over and approve his own draft.
    const self = await s.http('POST', `${step}/reassignment`, { to: 'chairman', reason: 'Chủ tịch tự soạn' }, 'chairman');
    expect(self).toMatchObject({ status: 409, body: { code: 'SELF_APPROVAL', message: expect.stringContaining('phê duyệt') } });
    expect((await s.http('GET', step)).body).toMatchObject({ assignee: 'officer_ldtbxh', state: 'assigned' });
    expect(
      await s.http('POST', `${step}/submission`, { note: 'Dự thảo kế hoạch hỗ trợ, can thiệp (Mẫu 02)' }, 'officer_ldtbxh'),
    ).toMatchObject({ status: 200, body: { state: 'submitted' } });
    expect(await s.http('POST', `${step}/approval`, {}, 'vice_chair_vhxh')).toMatchObject({ status: 403 });
    expect(await s.http('POST', `${step}/approval`, { note: 'Phê duyệt' }, 'chairman')).toMatchObject({
      status: 200,
      body: { state: 'completed', bucket: 'completed_on_time' },
    });
    expect(
      await s.http(
        'POST',
        `/api/v1/plans/${PLAN}/steps/I04.2-VV01-khan-cap/submission`,
        { note: 'Đã đưa trẻ đến nơi an toàn' },
        'chairman',
      ),
    ).toMatchObject({ status: 200, body: { state: 'completed', bucket: 'completed_late' } });
    const status = (await s.http('GET', `/api/v1/plans/${PLAN}/status`)).body;
    expect(status.cases).toEqual({ reported: 1, emergencyInTime: 0, supportPlansApprovedInTime: 1, pctSupportPlansApprovedInTime: 100 });
    const kinds = await s.ds.query(`SELECT kind FROM step_event WHERE plan_id = $1 AND kind = 'approval-escalation'`, [PLAN]);
    expect(kinds).toEqual([]);
    const cases = (await s.http('GET', `/api/v1/plans/${PLAN}/cases`)).body;
    expect(cases.map((c: { caseId: string; steps: { state: string }[] }) => [c.caseId, c.steps.map((x) => x.state)])).toEqual([
      ['VV01', ['completed', 'completed']],
    ]);
    const mails = (await readMailbox(s.mailboxDir)).filter((m) => m.subject.startsWith('[Khẩn cấp]'));
    expect(mails).toHaveLength(1);
  });

  it('leaves a history of the case workflow that replays (DONDOC_RECORD_HISTORIES=1 adds it to the corpus)', async () => {
    const { results, status } = await recordAndReplay(s.config.temporal.address, [
      { workflowId: `case-${PLAN}-VV01`, name: 'case-workflow-reported-tagged' },
    ]);
    expect(results).toEqual([
      expect.objectContaining({ file: 'case-workflow-reported-tagged.json', ok: true, workflowType: 'caseWorkflow' }),
    ]);
    expect(status).toBe(0);
  });
});
