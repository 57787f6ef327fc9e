import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { reassignStep } from '#libs/contracts/src/index.js';
import { StaffRepository } from '#libs/database/src/index.js';
import { planFactory, roleFactory, stepFactory } from '../factories/plan.factory.js';
import { csrfHeader, sessionCookie } from '../utils/sessions.js';
import { startStack, type Stack } from '../utils/stack.js';

const PLAN = `MGMT-${randomBytes(3).toString('hex')}`;
const step = (id: string) => `/api/v1/plans/${PLAN}/steps/${id}`;

/** Reassign and cancel through HTTP, Temporal Updates with validators, PostgreSQL and the SMTP catcher. */
describe('reassigning and cancelling a step', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack();
    await s.startWorker();
    const plan = planFactory({ id: PLAN }, [
      stepFactory({ id: 'S1', title: 'Phát thanh tuyên truyền', assignee: 'officer_ldtbxh', due: '2023-05-31' }),
      stepFactory({ id: 'S2', title: 'Pano khẩu hiệu', assignee: 'officer_ldtbxh', due: '2023-05-31' }),
    ]);
    plan.roles.officer_culture = roleFactory('officer_culture', { supervisor: 'vice_chair_vhxh' });
    await s.loadPlan(plan);
    expect((await s.runPlan(PLAN, { speed: 1, planStart: '2023-05-02' })).status).toBe(200);
    await s.waitForMail((m) => m.subject.startsWith('[Việc mới] S2'));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('refuses a reassignment by the assignee, to an unknown role, or without a reason; nothing changes', async () => {
    expect(await s.http('POST', `${step('S1')}/reassignment`, { to: 'officer_culture', reason: 'x' }, 'officer_ldtbxh')).toMatchObject({
      status: 403,
      body: { code: 'ACTOR_NOT_MANAGER' },
    });
    expect(await s.http('POST', `${step('S1')}/reassignment`, { to: 'mayor', reason: 'x' }, 'vice_chair_vhxh')).toMatchObject({
      status: 422,
      body: { code: 'ROLE_UNKNOWN' },
    });
    expect(await s.http('POST', `${step('S1')}/reassignment`, { to: 'officer_culture' }, 'vice_chair_vhxh')).toMatchObject({
      status: 422,
      body: { errors: { reason: expect.any(String) } },
    });
    expect((await s.http('GET', step('S1'))).body).toMatchObject({ assignee: 'officer_ldtbxh', state: 'assigned' });
  });

  it('refuses to give a step to the role that approves it (SELF_APPROVAL, in Vietnamese), at the api and in the workflow; nothing changes', async () => {
    const r = await s.http('POST', `${step('S1')}/reassignment`, { to: 'vice_chair_vhxh', reason: 'Tôi tự làm' }, 'vice_chair_vhxh');
    expect(r).toMatchObject({ status: 409, body: { code: 'SELF_APPROVAL', message: expect.stringContaining('Không ai được phê duyệt') } });
    // The workflow's Update validator refuses it too, for a caller that goes around the api.
    const connection = await Connection.connect({ address: s.config.temporal.address });
    try {
      const [{ workflowId }] = await s.ds.query(`SELECT workflow_id AS "workflowId" FROM step WHERE plan_id = $1 AND step_id = 'S1'`, [
        PLAN,
      ]);
      const handle = new Client({ connection, namespace: s.config.temporal.namespace }).workflow.getHandle(workflowId);
      const failure = await handle
        .executeUpdate(reassignStep, { args: [{ actor: 'vice_chair_vhxh', to: 'vice_chair_vhxh', reason: 'Tôi tự làm' }] })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((failure as WorkflowUpdateFailedError & { cause?: { type?: string } }).cause?.type).toBe('SELF_APPROVAL');
    } finally {
      await connection.close();
    }
    expect((await s.http('GET', step('S1'))).body).toMatchObject({ assignee: 'officer_ldtbxh', state: 'assigned' });
    const kinds = (await s.http('GET', step('S1'))).body.events.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['assigned']);
  });

  it('the vice-chairman gives S1 to the culture officer, who is told and from then on is the one who may submit', async () => {
    const r = await s.http(
      'POST',
      `${step('S1')}/reassignment`,
      { to: 'officer_culture', reason: 'Phân công lại theo lĩnh vực' },
      'vice_chair_vhxh',
    );
    expect(r).toMatchObject({ status: 200, body: { assignee: 'officer_culture', state: 'assigned', dueDate: '2023-05-31' } });
    const mail = await s.waitForMail((m) => m.subject.startsWith('[Việc mới] S1') && m.to[0] === 'officer-culture@test.example.org');
    expect(mail.text).toContain('Hạn hoàn thành: Thứ Tư, 31/05/2023');
    expect(await s.http('POST', `${step('S1')}/submission`, { note: 'xong' }, 'officer_ldtbxh')).toMatchObject({
      status: 403,
      body: { code: 'ACTOR_NOT_ASSIGNEE' },
    });
    expect(await s.http('POST', `${step('S1')}/submission`, { note: 'Đã phát thanh 4 buổi' }, 'officer_culture')).toMatchObject({
      status: 200,
      body: { state: 'submitted' },
    });
    const kinds = (await s.http('GET', step('S1'))).body.events.map((e: { kind: string; actor: string }) => `${e.kind}:${e.actor}`);
    expect(kinds).toEqual(['assigned:null', 'reassigned:vice_chair_vhxh', 'submitted:officer_culture']);
  });

  it('a person who holds the assignee role and acts as vice-chairman too does not approve what they submitted', async () => {
    // The culture officer is made acting vice-chairman (as the admin CLI would); S1 is hers and she submitted it.
    const staff = new StaffRepository(s.ds);
    await s.ds.transaction(async (m) => {
      const user = await staff.upsertUser(m, 'officer-culture@test.example.org', 'Công chức văn hóa');
      await staff.grant(m, user.id, PLAN, 'officer_culture', null, 'admin');
      await staff.grant(m, user.id, PLAN, 'vice_chair_vhxh', null, 'admin');
    });
    const cookie = await sessionCookie(s.ds, 'officer-culture@test.example.org');
    const r = await fetch(`${s.baseUrl}${step('S1')}/approval`, {
      method: 'POST',
      headers: { cookie, ...csrfHeader(cookie), 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'Đồng ý' }),
    });
    expect({ status: r.status, body: await r.json() }).toMatchObject({ status: 409, body: { code: 'SELF_APPROVAL' } });
    // Nor through the "Phê duyệt" link mailed to the vice-chairman's role, which she now holds.
    const mail = await s.waitForMail((m) => m.subject.startsWith('[Chờ duyệt] S1'));
    const link = mail.text.match(/Phê duyệt:\n(http\S+\/hanh-dong\/[A-Za-z0-9_-]{43})\n/)![1];
    const page = await (await fetch(link, { headers: { cookie } })).text();
    const csrf = page.match(/action="\/hanh-dong\/[^"]+"><input type="hidden" name="csrf" value="([^"]*)"/)![1];
    const post = await fetch(link, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, note: 'Đồng ý' }).toString(),
    });
    const postPage = await post.text();
    expect(post.status).toBe(409);
    expect(postPage).toContain('data-code="SELF_APPROVAL"');
    expect(postPage).toContain('Không ai được phê duyệt kết quả do chính mình báo cáo');
    expect((await s.http('GET', step('S1'))).body).toMatchObject({ state: 'submitted' });
    // Nor may the vice-chairman give S2 to the officer, whose holder now also approves it.
    expect(await s.http('POST', `${step('S2')}/reassignment`, { to: 'officer_culture', reason: 'x' }, 'vice_chair_vhxh')).toMatchObject({
      status: 409,
      body: { code: 'SELF_APPROVAL' },
    });
    expect((await s.http('GET', step('S2'))).body).toMatchObject({ assignee: 'officer_ldtbxh' });
  });

  it('the chairman cancels S2 with a reason: it leaves the statistic and takes no more changes', async () => {
    expect(await s.http('POST', `${step('S2')}/cancellation`, { reason: 'x' }, 'officer_ldtbxh')).toMatchObject({ status: 403 });
    const r = await s.http('POST', `${step('S2')}/cancellation`, { reason: 'Đã lồng ghép vào nội dung S1' }, 'chairman');
    expect(r).toMatchObject({ status: 200, body: { state: 'cancelled', bucket: 'cancelled', stateLabel: 'đã hủy' } });
    const mail = await s.waitForMail((m) => m.subject.startsWith('[Hủy] S2'));
    expect(mail.text).toContain('Lý do: Đã lồng ghép vào nội dung S1');
    expect(await s.http('POST', `${step('S2')}/submission`, { note: 'xong' }, 'officer_ldtbxh')).toMatchObject({
      status: 409,
      body: { code: 'STEP_NOT_OPEN' },
    });
    const status = await s.http('GET', `/api/v1/plans/${PLAN}/status`);
    expect(status.body).toMatchObject({ stepCount: 1, cancelledCount: 1 });
    expect(status.body.buckets.open_on_time.count).toBe(1);
  });

  it('keeps notes and reasons out of Temporal: the histories name them by reference, the audit and the mails carry the text', async () => {
    const connection = await Connection.connect({ address: s.config.temporal.address });
    const texts = ['Phân công lại theo lĩnh vực', 'Đã phát thanh 4 buổi', 'Đã lồng ghép vào nội dung S1'];
    try {
      const client = new Client({ connection, namespace: s.config.temporal.namespace });
      const histories = [];
      for (const id of ['S1', 'S2']) {
        const [{ workflowId }] = await s.ds.query(`SELECT workflow_id AS "workflowId" FROM step WHERE plan_id = $1 AND step_id = $2`, [
          PLAN,
          id,
        ]);
        const history = await client.workflow.getHandle(workflowId).fetchHistory();
        // Payloads are bytes of JSON: walk the decoded history and read every byte field as text (JSON.stringify would
        // show them in base64, where nothing would be found).
        const out: string[] = [];
        const walk = (v: unknown, seen: Set<unknown>): void => {
          if (v instanceof Uint8Array) out.push(Buffer.from(v).toString('utf8'));
          else if (typeof v === 'string') out.push(v);
          else if (v && typeof v === 'object' && !seen.has(v)) {
            seen.add(v);
            for (const x of Object.values(v)) walk(x, seen);
          }
        };
        walk(history, new Set());
        histories.push(out.join('\n'));
      }
      const all = histories.join('\n');
      for (const t of texts) expect({ text: t, inHistory: all.includes(t) }).toEqual({ text: t, inHistory: false });
      expect(all.match(/dondoc-text:[0-9a-f-]{36}/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
    } finally {
      await connection.close();
    }
    const notes = (
      await s.ds.query(`SELECT note FROM step_event WHERE plan_id = $1 AND note IS NOT NULL ORDER BY step_id, seq`, [PLAN])
    ).map((r: { note: string }) => r.note);
    expect(notes).toEqual(expect.arrayContaining(texts));
    expect(notes.filter((n: string) => n.startsWith('dondoc-text:'))).toEqual([]);
    const events = (await s.http('GET', step('S1'))).body.events.map(
      (e: { kind: string; note: string | null }) => `${e.kind}:${e.note ?? ''}`,
    );
    expect(events).toEqual(expect.arrayContaining(['reassigned:Phân công lại theo lĩnh vực', 'submitted:Đã phát thanh 4 buổi']));
  });
});
