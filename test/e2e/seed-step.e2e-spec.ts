import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readMailbox } from '#libs/mail/src/index.js';
import { eventually, startSeedStack, type Stack } from '../utils/stack.js';

// The seed plan under an id of this file's own: test files share one Temporal server, and workflow ids are business ids.
const PLAN = `HG-2023-BVCSTE-${randomBytes(3).toString('hex')}`;
const STEP = `/api/v1/plans/${PLAN}/steps/I01.5`;

/**
 * The walking skeleton through the real components: HTTP api, Temporal dev server, the worker binary as a child
 * process, PostgreSQL and the SMTP catcher. "Dự toán kinh phí thực hiện kế hoạch" goes from assignment to approval.
 */
describe('seed step I01.5 end to end', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startSeedStack(PLAN);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('lists the loaded plan before it runs', async () => {
    const r = await s.http('GET', '/api/v1/plans');
    expect(r.status).toBe(200);
    expect(r.body).toEqual([expect.objectContaining({ id: PLAN, runStartedAt: null, stepCount: 0 })]);
  });

  it('starts the plan run: one task row per step and the plan-run workflow; starting again changes nothing', async () => {
    const first = await s.http('POST', `/api/v1/plans/${PLAN}/run`, { speed: 1 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ stepsCreated: 4, runWorkflowId: `plan-${PLAN}`, runStarted: true });
    const again = await s.http('POST', `/api/v1/plans/${PLAN}/run`, { speed: 1 });
    expect(again.body).toMatchObject({ stepsCreated: 0, runWorkflowId: `plan-${PLAN}`, runStarted: false });
    const rows = await s.ds.query(
      `SELECT step_id, workflow_id, state, assignee, to_char(due_date, 'YYYY-MM-DD') AS due FROM step ORDER BY step_id`,
    );
    expect(rows).toEqual([
      { step_id: 'I01.1', workflow_id: `step-${PLAN}-I01.1`, state: 'assigned', assignee: 'officer_ldtbxh', due: '2023-03-29' },
      { step_id: 'I01.2', workflow_id: `step-${PLAN}-I01.2`, state: 'assigned', assignee: 'vice_chair_vhxh', due: '2023-03-31' },
      { step_id: 'I01.3', workflow_id: `step-${PLAN}-I01.3`, state: 'assigned', assignee: 'office_officer', due: '2023-04-04' },
      { step_id: 'I01.5', workflow_id: `step-${PLAN}-I01.5`, state: 'assigned', assignee: 'finance_officer', due: '2023-04-07' },
    ]);
  });

  it('sends the assignee a Vietnamese "new task" mail through SMTP', async () => {
    const mail = await s.waitForMail((m) => m.to.includes('taichinh@hagiang.example.org') && m.subject.startsWith('[Việc mới] I01.5'));
    expect(mail.subject).toBe('[Việc mới] I01.5 – Dự toán kinh phí thực hiện kế hoạch (hạn 07/04/2023)');
    expect(mail.text).toContain('Kính gửi Vũ Thị G (Công chức Tài chính - kế toán)');
    expect(mail.text).toContain('Hạn hoàn thành: Thứ Sáu, 07/04/2023');
    expect(mail.text).toContain('UBND xã Hà Giang · Kế hoạch thực hiện Chương trình công tác bảo vệ, chăm sóc trẻ em năm 2023');
    expect(mail.text).not.toContain('__/KH-UBND');
    // The link opens the step in the web app (its plan page with the step's drawer); the old step address leads there too.
    expect(mail.html).toContain(`${s.baseUrl}/app/ke-hoach/${PLAN}/buoc/I01.5`);
    expect(mail.text).toContain(`${s.baseUrl}/app/ke-hoach/${PLAN}/buoc/I01.5`);
    expect(mail.html).not.toContain(`${s.baseUrl}/plans/`);
    const old = await fetch(`${s.baseUrl}/plans/${PLAN}/steps/I01.5`, { redirect: 'manual' });
    expect({ status: old.status, location: old.headers.get('location') }).toEqual({
      status: 302,
      location: `/app/ke-hoach/${PLAN}/buoc/I01.5`,
    });
    expect(mail.messageId).toMatch(/@dondoc\.local>$/);
  });

  it('refuses a submission by someone other than the assignee, and one without a note, changing nothing', async () => {
    const wrong = await s.http('POST', `${STEP}/submission`, { note: 'xong' }, 'officer_ldtbxh');
    expect(wrong).toMatchObject({ status: 403, body: { code: 'ACTOR_NOT_ASSIGNEE' } });
    const anonymous = await s.http('POST', `${STEP}/submission`, { note: 'xong' }, null);
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'ACTOR_REQUIRED' } });
    const empty = await s.http('POST', `${STEP}/submission`, {}, 'finance_officer');
    expect(empty).toMatchObject({
      status: 422,
      body: { code: 'VALIDATION_FAILED', errors: { note: 'Trường "note" không được để trống.' } },
    });
    const early = await s.http('POST', `${STEP}/approval`, {}, 'vice_chair_vhxh');
    expect(early).toMatchObject({ status: 409, body: { code: 'STEP_NOT_SUBMITTED' } });
    const step = await s.http('GET', STEP);
    expect(step.body).toMatchObject({ state: 'assigned', bucket: 'open_on_time' });
    expect(step.body.events.map((e: { kind: string }) => e.kind)).toEqual(['assigned']);
  });

  it('loses nothing when the worker is killed: a submission sent while it is down completes once it is back', async () => {
    await s.killWorker('SIGKILL');
    const pending = s.http(
      'POST',
      `${STEP}/submission`,
      { note: 'Đã lập dự toán 45.000.000 đồng, trình ký ngày 05/4/2023' },
      'finance_officer',
    );
    await new Promise((r) => setTimeout(r, 1500));
    await s.startWorker();
    const r = await pending;
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'submitted', stateLabel: 'chờ duyệt' });
    const mail = await s.waitForMail((m) => m.to.includes('pct-vhxh@hagiang.example.org') && m.subject.startsWith('[Chờ duyệt] I01.5'));
    expect(mail.text).toContain('Đã lập dự toán 45.000.000 đồng');
  });

  it('refuses approval by the wrong actor and a return without a reason', async () => {
    const wrong = await s.http('POST', `${STEP}/approval`, {}, 'finance_officer');
    expect(wrong).toMatchObject({ status: 403, body: { code: 'ACTOR_NOT_APPROVER' } });
    const noReason = await s.http('POST', `${STEP}/rejection`, { reason: '' }, 'vice_chair_vhxh');
    expect(noReason.status).toBe(422);
    const step = await s.http('GET', STEP);
    expect(step.body.state).toBe('submitted');
  });

  it('the vice-chairman approves; task, audit and rollup change together and the status API shows "hoàn thành đúng hạn"', async () => {
    const r = await s.http('POST', `${STEP}/approval`, { note: 'Đồng ý' }, 'vice_chair_vhxh');
    expect(r).toMatchObject({ status: 200, body: { state: 'completed', bucket: 'completed_on_time', bucketLabel: 'hoàn thành đúng hạn' } });

    const status = await s.http('GET', `/api/v1/plans/${PLAN}/status`);
    expect(status.status).toBe(200);
    expect(status.body.buckets).toEqual({
      completed_on_time: { count: 1, label: 'hoàn thành đúng hạn' },
      completed_late: { count: 0, label: 'hoàn thành quá hạn' },
      open_on_time: { count: 3, label: 'chưa hoàn thành trong hạn' },
      open_overdue: { count: 0, label: 'chưa hoàn thành quá hạn' },
    });
    expect(status.body.byState).toEqual({ assigned: 3, completed: 1 });
    expect(status.body.steps.find((x: { stepId: string }) => x.stepId === 'I01.5')).toMatchObject({
      bucketLabel: 'hoàn thành đúng hạn',
      dueDateVi: '07/04/2023',
      late: { workingDays: 0, calendarDays: 0 },
    });
    expect(status.body.progress).toContainEqual({
      stepId: 'I01.5',
      instances: 1,
      completed: 1,
      completedOnTime: 1,
      percentComplete: 100,
      onTimeRatio: '1/1',
    });

    const recount = await s.ds.query(
      `SELECT item_id, coalesce(unit_id, '') AS unit_id, bucket, count(*)::int AS n FROM step WHERE plan_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [PLAN],
    );
    const rollup = await s.ds.query(
      `SELECT item_id, unit_id, bucket, count AS n FROM status_rollup WHERE plan_id = $1 AND count > 0 ORDER BY 1, 2, 3`,
      [PLAN],
    );
    expect(rollup).toEqual(recount);

    const history = await s.http('GET', STEP);
    expect(history.body.events.map((e: { kind: string; actor: string | null }) => [e.kind, e.actor])).toEqual([
      ['assigned', null],
      ['submitted', 'finance_officer'],
      ['approved', 'vice_chair_vhxh'],
    ]);
    await s.waitForMail((m) => m.to.includes('taichinh@hagiang.example.org') && m.subject.startsWith('[Đã duyệt] I01.5'));
    expect((await s.http('GET', `${STEP}/audit`)).body).toEqual({ valid: true, events: 3, v1Events: 0 });
  });

  it('a closed step takes no more changes', async () => {
    const again = await s.http('POST', `${STEP}/approval`, {}, 'vice_chair_vhxh');
    expect(again.status).toBe(409);
  });

  it('sends each mail exactly once, with the Message-ID derived from its outbox key', async () => {
    // A person's change answers once it is recorded; its mails follow (patch dondoc-answer-before-mail).
    const { outbox, mails } = await eventually(
      async () => {
        const outbox: { status: string }[] = await s.ds.query(`SELECT status FROM mail_outbox`);
        const m = await readMailbox(s.mailboxDir);
        return m.length === outbox.length && outbox.every((o) => o.status === 'sent') ? { outbox, mails: m } : undefined;
      },
      10_000,
      'every outbox mail sent and in the catcher',
    );
    expect(outbox.map((o) => o.status)).toEqual(Array(6).fill('sent'));
    const ids = mails.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    // 4 new-task mails, 1 approval request, 1 approval notice
    expect(mails.length).toBe(6);
    // RFC 3834: generated mail, so out-of-office replies do not answer it.
    expect(mails.map((m) => m.autoSubmitted)).toEqual(mails.map(() => 'auto-generated'));
  });

  it("serves the mailbox page, the plan page's dashboard, the OpenAPI document and a healthy /health", async () => {
    const mailbox = await s.http('GET', '/mailbox');
    expect(mailbox.status).toBe(200);
    expect(mailbox.body).toContain('[Đã duyệt] I01.5');
    const dashboard = await s.http('GET', `/api/v1/plans/${PLAN}/dashboard`);
    expect(dashboard.status).toBe(200);
    const i015 = (dashboard.body as { gantt: { steps: { stepId: string; display: string; displayLabel: string }[] }[] }).gantt
      .flatMap((r) => r.steps)
      .find((x) => x.stepId === 'I01.5');
    expect(i015).toMatchObject({ display: 'completed_on_time', displayLabel: 'hoàn thành đúng hạn' });
    const docs = await s.http('GET', '/api/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/health', '/api/v1/plans', '/api/v1/plans/{planId}/status']));
    const health = await s.http('GET', '/health');
    expect(health).toMatchObject({
      status: 200,
      body: { status: 'ok', postgres: { ok: true }, temporal: { ok: true }, smtp: { ok: true } },
    });
  });

  it('reports the mail backlog on /health: how many wait and since when, how many were refused', async () => {
    const before = (await s.http('GET', '/health')).body.outbox;
    expect(before).toEqual({
      pending: expect.any(Number),
      failed: expect.any(Number),
      oldestPendingSince: before.pending ? expect.any(String) : null,
    });
    // A mail waiting for three hours (SMTP refusing it for now) and one the server refused for good.
    const since = new Date(Date.now() - 3 * 3600e3);
    await s.ds.query(
      `INSERT INTO mail_outbox (idempotency_key, message_id, template, to_address, subject, html, text, status, created_at)
       VALUES ('health-backlog-1', '<health-backlog-1@test>', 't', 'x@test.example.org', 's', 'h', 't', 'pending', $1),
              ('health-backlog-2', '<health-backlog-2@test>', 't', 'x@test.example.org', 's', 'h', 't', 'failed', $1)`,
      [since],
    );
    try {
      const after = await s.http('GET', '/health');
      expect(after).toMatchObject({
        status: 200,
        body: { status: 'ok', outbox: { failed: before.failed + 1, oldestPendingSince: since.toISOString() } },
      });
      expect(after.body.outbox.pending).toBeGreaterThanOrEqual(1);
    } finally {
      await s.ds.query(`DELETE FROM mail_outbox WHERE idempotency_key LIKE 'health-backlog-%'`);
    }
  });
});
