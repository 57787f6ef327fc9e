import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DIGEST_WORKFLOW_TYPE, getDigestProgress, type DigestProgress, type DigestWorkflowInput } from '#libs/contracts/src/index.js';
import { realTimeAt, WorkingCalendar, type PlanClock } from '#libs/domain/src/index.js';
import { readMailbox, type CaughtMail } from '#libs/mail/src/index.js';
import { planFactory, roleFactory, stepFactory } from '../factories/plan.factory.js';
import { recordAndReplay } from '../utils/histories.js';
import { startStack, type Stack } from '../utils/stack.js';

const PLAN = `DIG-${randomBytes(3).toString('hex')}`;
/** One plan day ≈ 2.5 s. */
const SPEED = 34_560;
const cal = WorkingCalendar.vietnam();

const WEEKLY = '[Tổng hợp tuần]';
const DAILY = '[Việc trong ngày]';
const DISTRICT = 'district-monitor@test.example.org';
const PROVINCE = 'province-monitor@test.example.org';
const FINANCE = 'finance-officer@test.example.org';
const OFFICER = 'officer-ldtbxh@test.example.org';

/**
 * The digests at compressed time, through the real Temporal dev server, PostgreSQL and the SMTP catcher. The run
 * starts Monday 24/04/2023; 29/04–03/05 are days off, so the second week's digest goes out on Thursday 04/05, and the
 * monitoring body changes on 01/05 (district, then province; a test split of the seed plan's 2025 reform).
 * - S1 (officer) was due Fri 21/04 and nobody acts: it reaches the monitoring body's digest rung (+5 working days).
 * - S2, S4 (finance officer, whose role has `digest: daily`) are due Wed 26/04: no reminder mails, one daily digest a
 *   day instead; both are submitted on 27/04 (S4 approved, S2 left waiting for approval).
 * - S3 (officer, no digest) is due Fri 05/05: individual reminders as before, and "due in the coming week" on 04/05.
 */
describe('digests: weekly to the monitoring body, daily for a role that opts in', () => {
  let s: Stack;
  let clock: PlanClock;
  let client: Client;
  let connection: Connection;
  const digests = async (prefix: string) => (await readMailbox(s.mailboxDir)).filter((m) => m.subject.startsWith(prefix));
  const atPlan = async (iso: string) => {
    const wait = realTimeAt(clock, new Date(iso)).getTime() - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };

  beforeAll(async () => {
    s = await startStack();
    await s.startWorker();
    const plan = planFactory({ id: PLAN }, [
      stepFactory({ id: 'S1', title: 'Rà soát danh sách trẻ em', assignee: 'officer_ldtbxh', start: '2023-04-17', due: '2023-04-21' }),
      stepFactory({ id: 'S2', title: 'Dự toán kinh phí', assignee: 'finance_officer', start: '2023-04-20', due: '2023-04-26' }),
      stepFactory({ id: 'S3', title: 'Báo cáo tháng', assignee: 'officer_ldtbxh', start: '2023-04-24', due: '2023-05-05' }),
      stepFactory({ id: 'S4', title: 'Quyết toán quà Tết thiếu nhi', assignee: 'finance_officer', start: '2023-04-20', due: '2023-04-26' }),
    ]);
    plan.roles.finance_officer = roleFactory('finance_officer', { supervisor: 'vice_chair_vhxh', digest: 'daily' });
    plan.roles.district_monitor = roleFactory('district_monitor', { title: 'Chuyên viên Phòng LĐTB&XH huyện' });
    plan.roles.province_monitor = roleFactory('province_monitor', { title: 'Chuyên viên Sở Y tế' });
    plan.policies.chains.commune_officer = [
      { afterWd: 1, to: 'vice_chair_vhxh', mode: 'mail' },
      { afterWd: 3, to: 'chairman', mode: 'mail' },
      { afterWd: 5, to: 'monitoring_body', mode: 'digest' },
    ];
    plan.policies.monitoringBodyByDate = [
      { until: '2023-04-30', role: 'district_monitor' },
      { from: '2023-05-01', role: 'province_monitor' },
    ];
    await s.loadPlan(plan);
    const run = await s.runPlan(PLAN, { speed: SPEED, planStart: '2023-04-24' });
    expect(run).toMatchObject({ status: 200, body: { stepsCreated: 4, runStarted: true } });
    clock = run.body.clock;
    connection = await Connection.connect({ address: s.config.temporal.address });
    client = new Client({ connection });
  });
  afterAll(async () => {
    await connection?.close();
    await s?.close();
  });

  it('starts one digest workflow beside the plan run; starting the run again starts none', async () => {
    const again = await s.http('POST', `/api/v1/plans/${PLAN}/run`, { speed: SPEED });
    expect(again.body).toMatchObject({ stepsCreated: 0, runStarted: false });
    const d = await client.workflow.getHandle(`digest-${PLAN}`).describe();
    expect(d).toMatchObject({ type: DIGEST_WORKFLOW_TYPE, status: { name: 'RUNNING' } });
  });

  it('sends the first weekly digest on Monday 24/04 to the district, counting S1 overdue and S2, S4 due this week', async () => {
    const first = await s.waitForMail((m) => m.subject.startsWith(WEEKLY), 30_000);
    expect(first.to).toEqual([DISTRICT]);
    expect(first.subject).toBe(`${WEEKLY} Kế hoạch số 01/KH-UBND: hoàn thành 0%, 1 nội dung quá hạn (Thứ Hai, 24/04/2023)`);
    for (const l of [
      '- hoàn thành đúng hạn: 0',
      '- chưa hoàn thành trong hạn: 3',
      '- chưa hoàn thành quá hạn: 1',
      '- chờ duyệt: 0',
      '- bị trả lại: 0',
    ])
      expect(first.text).toContain(l);
    // One working day late: not yet at the monitoring body's rung (+5).
    expect(first.text).toContain(
      '- S1 – Rà soát danh sách trẻ em; Chức danh officer_ldtbxh; hạn Thứ Sáu, 21/04/2023; quá hạn 1 ngày làm việc',
    );
    expect(first.text).toContain('Nội dung đến hạn từ 24/04/2023 đến 30/04/2023 (2)');
    expect(first.text).toContain('- S2 – Dự toán kinh phí; Chức danh finance_officer; hạn Thứ Tư, 26/04/2023');
    // The plan's page in the web app.
    expect(first.text).toContain(`${s.baseUrl}/app/ke-hoach/${PLAN}`);
    expect(first.text).not.toContain(`${s.baseUrl}/plans/`);
  });

  it('the finance officer (digest: daily) gets one mail a day listing both reminders, and no reminder mail of its own', async () => {
    const due = await s.waitForMail((m) => m.subject.startsWith(`${DAILY} Thứ Tư, 26/04/2023`), 30_000);
    expect(due.to).toEqual([FINANCE]);
    expect(due.subject).toBe(`${DAILY} Thứ Tư, 26/04/2023: 2 việc cần nhắc, 0 việc quá hạn (Kế hoạch số 01/KH-UBND)`);
    expect(due.text).toContain('- S2 – Dự toán kinh phí: hôm nay là hạn (hạn Thứ Tư, 26/04/2023)');
    expect(due.text).toContain('- S4 – Quyết toán quà Tết thiếu nhi: hôm nay là hạn (hạn Thứ Tư, 26/04/2023)');
    const before = (await digests(DAILY)).find((m) => m.subject.includes('25/04/2023'))!;
    expect(before.text).toContain('- S2 – Dự toán kinh phí: còn 1 ngày làm việc (hạn Thứ Tư, 26/04/2023)');

    const late = await s.waitForMail((m) => m.subject.startsWith(`${DAILY} Thứ Năm, 27/04/2023`), 30_000);
    expect(late.subject).toContain('0 việc cần nhắc, 2 việc quá hạn');
    expect(late.text).toContain('- S2 – Dự toán kinh phí: hạn Thứ Tư, 26/04/2023, đã quá 1 ngày làm việc');
    // Both are submitted on 27/04; S4 is approved, S2 waits for the vice-chairman.
    for (const step of ['S2', 'S4']) {
      const r = await s.http('POST', `/api/v1/plans/${PLAN}/steps/${step}/submission`, { note: 'Đã xong' }, 'finance_officer');
      expect(r).toMatchObject({ status: 200, body: { state: 'submitted' } });
    }
    expect((await s.http('POST', `/api/v1/plans/${PLAN}/steps/S4/approval`, {}, 'vice_chair_vhxh')).body).toMatchObject({
      state: 'completed',
      bucket: 'completed_late',
    });

    // The reminders were due (and recorded in the audit trail) but came only in the digests.
    const reminders = await s.ds.query(
      `SELECT step_id, count(*)::int AS n FROM step_event WHERE plan_id = $1 AND kind = 'reminder' AND step_id IN ('S2', 'S4') GROUP BY 1 ORDER BY 1`,
      [PLAN],
    );
    expect(reminders).toEqual([
      { step_id: 'S2', n: 2 },
      { step_id: 'S4', n: 2 },
    ]);
    const mailbox = await readMailbox(s.mailboxDir);
    expect(mailbox.filter((m) => m.to.includes(FINANCE) && m.subject.startsWith('[Nhắc việc]'))).toEqual([]);
    // Escalations and new-task mails stay individual.
    expect(mailbox.filter((m) => m.to.includes(FINANCE) && m.subject.startsWith('[Việc mới]'))).toHaveLength(2);
  });

  it('the worker is stopped on Friday 28/04 and started again during the days off; nothing is lost or sent twice', async () => {
    // Quiet until Thursday 04/05 08:00 (29/04–03/05 are days off): a restarted worker picks the workflows up in time.
    await atPlan('2023-04-28T12:00:00+07:00');
    const progress: DigestProgress = await client.workflow.getHandle(`digest-${PLAN}`).query(getDigestProgress);
    expect(progress).toMatchObject({ after: '2023-04-28', next: { date: '2023-05-04', weekly: true, week: '2023-W18' } });
    // A restart as a deploy does it: in-flight activities end or fail at once (SIGKILL would leave them to time out).
    await s.killWorker('SIGTERM');
    await s.startWorker();
  });

  it('in the week of 01/05 (days off to Wed 03/05) the digest goes out on Thursday 04/05, to the province, with S1 at the digest rung', async () => {
    const second = await s.waitForMail((m) => m.subject.startsWith(WEEKLY) && m.subject.includes('04/05/2023'), 40_000);
    expect(second.to).toEqual([PROVINCE]);
    expect(second.subject).toBe(`${WEEKLY} Kế hoạch số 01/KH-UBND: hoàn thành 25%, 2 nội dung quá hạn (Thứ Năm, 04/05/2023)`);
    for (const l of [
      '- hoàn thành đúng hạn: 0',
      '- hoàn thành quá hạn: 1',
      '- chưa hoàn thành trong hạn: 1',
      '- chưa hoàn thành quá hạn: 2',
      '- chờ duyệt: 1',
      '- bị trả lại: 0',
    ]) {
      expect(second.text).toContain(l);
    }
    expect(second.text).toContain('(2, trong đó 1 đã đến mức báo cáo cơ quan theo dõi)');
    expect(second.text).toContain(
      '- [Báo cáo] S1 – Rà soát danh sách trẻ em; Chức danh officer_ldtbxh; hạn Thứ Sáu, 21/04/2023; quá hạn 6 ngày làm việc',
    );
    // The digest rung (+5, Fri 28/04, the district's then) mailed nobody of its own: each mail rung recorded mailed its
    // role, the digest rung only the assignee. (The +1 rung falls on the run's first morning: on a slow machine the step
    // is assigned after it and it is rightly not owed, so the rungs are read from the step's events.)
    const rungs: string[] = (
      await s.ds.query(`SELECT actor FROM step_event WHERE plan_id = $1 AND step_id = 'S1' AND kind = 'escalation' ORDER BY seq`, [PLAN])
    ).map((e: { actor: string }) => e.actor);
    expect(rungs).toEqual(expect.arrayContaining(['chairman', 'district_monitor']));
    const mailbox = await readMailbox(s.mailboxDir);
    const rungMails = mailbox.filter((m) => m.subject.startsWith('[Đôn đốc] S1 ')).map((m) => m.to[0]);
    expect(rungMails.sort()).toEqual(
      rungs
        .filter((r) => r !== 'district_monitor')
        .map((r) => `${r.replace(/_/g, '-')}@test.example.org`)
        .sort(),
    );
    expect(rungMails).not.toContain(DISTRICT);
    expect(mailbox.filter((m) => m.subject.startsWith('[Quá hạn] S1 '))).toHaveLength(rungs.length);
    expect(second.text).toContain('- S2 – Dự toán kinh phí; Chức danh finance_officer; hạn Thứ Tư, 26/04/2023; quá hạn 3 ngày làm việc');
    expect(second.text).toContain('- S3 – Báo cáo tháng; Chức danh officer_ldtbxh; hạn Thứ Sáu, 05/05/2023');
  });

  it('over two plan weeks: exactly one weekly digest per week, each on a working day; the daily ones stop once nothing is owed', async () => {
    await s.waitForMail((m) => m.subject.startsWith(WEEKLY) && m.subject.includes('08/05/2023'), 40_000);
    await new Promise((r) => setTimeout(r, 1500)); // anything sent twice would have arrived by now
    const weekly = await digests(WEEKLY);
    const dayOf = (m: CaughtMail) => /\((Thứ \S+), (\d\d)\/(\d\d)\/(\d{4})\)$/.exec(m.subject)!;
    expect(weekly.map((m) => `${m.to[0]} ${dayOf(m)[1]} ${dayOf(m)[2]}/${dayOf(m)[3]}`).sort()).toEqual([
      `${DISTRICT} Thứ Hai 24/04`,
      `${PROVINCE} Thứ Hai 08/05`,
      `${PROVINCE} Thứ Năm 04/05`,
    ]);
    for (const m of weekly) expect(cal.isWorkingDay(`${dayOf(m)[4]}-${dayOf(m)[3]}-${dayOf(m)[2]}`)).toBe(true);
    const keys = await s.ds.query(
      `SELECT idempotency_key AS k, status FROM mail_outbox WHERE idempotency_key LIKE 'digest-weekly:%' ORDER BY 1`,
    );
    expect(keys).toEqual(['2023-W17', '2023-W18', '2023-W19'].map((w) => ({ k: `digest-weekly:${PLAN}:${w}`, status: 'sent' })));

    const daily = await digests(DAILY);
    // S2 and S4 were submitted on plan day 27/04 unless the machine was slow enough for plan time to pass Friday's
    // 08:00 first: then S2 was still owed on 28/04 and that day's digest is rightly sent. Read when they really were.
    const [{ last }] = await s.ds.query(
      `SELECT max(at_plan) AS last FROM step_event WHERE plan_id = $1 AND kind = 'submitted' AND step_id IN ('S2', 'S4')`,
      [PLAN],
    );
    // (Its timer may also have fired after them, late on a loaded machine: then either answer is right.)
    const owed = [
      `${FINANCE} ${DAILY} Thứ Ba, 25/04/2023`,
      `${FINANCE} ${DAILY} Thứ Tư, 26/04/2023`,
      `${FINANCE} ${DAILY} Thứ Năm, 27/04/2023`,
    ].sort();
    const got = daily.map((m) => `${m.to[0]} ${m.subject.split(':')[0]}`).sort();
    if (new Date(last) < new Date('2023-04-28T08:00:00+07:00')) expect(got).toEqual(owed);
    else expect([owed, [...owed, `${FINANCE} ${DAILY} Thứ Sáu, 28/04/2023`].sort()]).toContainEqual(got);
    // The officer has no daily digest: S3's reminders came one by one.
    expect(
      (await readMailbox(s.mailboxDir)).filter((m) => m.to.includes(OFFICER) && m.subject.startsWith('[Nhắc việc] S3')).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('ends a week after the last due date (Fri 12/05); a digest workflow started again over the same days sends nothing twice', async () => {
    const original: DigestProgress = await client.workflow.getHandle(`digest-${PLAN}`).result();
    // 24/04–12/05 has 12 working days (29/04–03/05 off), each a digest day since a role takes daily digests.
    expect(original).toEqual({ handled: 12, after: '2023-05-12' });
    const before = [...(await digests(WEEKLY)), ...(await digests(DAILY))].length;
    const input: DigestWorkflowInput = { planId: PLAN, since: clock.realEpoch };
    const again = await client.workflow.start(DIGEST_WORKFLOW_TYPE, {
      workflowId: `digest-${PLAN}-again`,
      taskQueue: s.config.temporal.taskQueue,
      args: [input],
    });
    expect(await again.result()).toEqual(original);
    await new Promise((r) => setTimeout(r, 1000));
    expect([...(await digests(WEEKLY)), ...(await digests(DAILY))]).toHaveLength(before);
  });

  it('leaves a history of the digest workflow that replays (DONDOC_RECORD_HISTORIES=1 adds it to the corpus)', async () => {
    const { results, status } = await recordAndReplay(s.config.temporal.address, [
      { workflowId: `digest-${PLAN}`, name: 'digest-workflow-weekly' },
    ]);
    expect(results).toEqual([expect.objectContaining({ file: 'digest-workflow-weekly.json', ok: true, workflowType: 'digestWorkflow' })]);
    expect(status).toBe(0);
  });
});
